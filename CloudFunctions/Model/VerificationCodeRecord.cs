namespace PhoneAuth.CloudFunctions.Model;

/// <summary>A code sent to a phone for one purpose. Only a keyed hash of the code is stored.</summary>
public sealed record VerificationCodeRecord
{
    public required string Phone { get; init; }
    public required string Purpose { get; init; }
    public required string CodeHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The provider that owns this code and checks it (LeanCloud), or null when it is checked against <see cref="CodeHash"/>.</summary>
    public string? Verifier { get; init; }

    /// <summary>A keyed hash of who asked for the code (the client address), or null when unknown.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>One counted attempt against the newest live code of a phone and purpose.</summary>
/// <param name="CodeId">The code's row id, to consume it.</param>
/// <param name="CodeHash">The stored hash, compared in constant time by the caller.</param>
/// <param name="Verifier">The provider that checks this code, or null for the local hash.</param>
public sealed record CodeAttempt(long CodeId, string CodeHash, string? Verifier = null);
