namespace PhoneAuth.CloudFunctions.Model;

/// <summary>A stored session. Only the token's hash is kept.</summary>
public sealed record SessionRecord
{
    public required string Id { get; init; }
    public required string TokenHash { get; init; }
    public required string UserId { get; init; }
    public string? InstallationId { get; init; }

    /// <summary>How the session was made: a sign-up or a login; null when unknown.</summary>
    public Sessions.LoginKind? CreatedWith { get; init; }

    /// <summary>The provider that made it: password, phone, anonymous, masterkey...</summary>
    public string? CreatedWithProvider { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// When the session's holder last proved who they are: the login or sign-up that made it. A session
    /// that replaces another without a login (after a password change) keeps the old one's.
    /// </summary>
    public DateTimeOffset AuthenticatedAt { get; init; }
}
