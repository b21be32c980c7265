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

    /// <summary>A keyed hash of who asked for the code (its requester: the client address, an IPv6 /64), or null when unknown.</summary>
    public string? RequestedBy { get; init; }
}

/// <summary>A request to count one attempt against a phone's live code (see <see cref="Abstractions.IVerificationCodeStore.ClaimAndConsumeAsync"/>).</summary>
/// <param name="Phone">The canonical number.</param>
/// <param name="Purpose">The code's scope: its purpose, and for account operations its user.</param>
/// <param name="Now">Codes expiring at or before it are dead.</param>
/// <param name="MaxAttempts">Attempts after which a code is dead.</param>
/// <param name="RequestedBy">Who is trying, in the form of <see cref="VerificationCodeRecord.RequestedBy"/>; null when unknown.</param>
/// <param name="MaxForeignAttempts">Attempts a code accepts from others than its requester.</param>
public sealed record CodeClaim(string Phone, string Purpose, DateTimeOffset Now, int MaxAttempts, string? RequestedBy = null, int MaxForeignAttempts = int.MaxValue);

/// <summary>One counted attempt against a live code of a phone and purpose.</summary>
/// <param name="CodeId">The code's row id, to consume it.</param>
/// <param name="CodeHash">The stored hash (compared with the typed code's in the claiming statement).</param>
/// <param name="Verifier">The provider that checks this code, or null for the local hash.</param>
/// <param name="CreatedAt">When the code was sent (the conversion guard counts a verified code in the bucket of its send).</param>
/// <param name="Consumed">True when this attempt matched the code's hash and consumed it (<see cref="Abstractions.IVerificationCodeStore.ClaimAndConsumeAsync"/>).</param>
public sealed record CodeAttempt(long CodeId, string CodeHash, string? Verifier = null, DateTimeOffset CreatedAt = default, bool Consumed = false);
