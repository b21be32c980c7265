namespace PhoneAuth.CloudFunctions.Model;

/// <summary>A ticket: which user proved which phone, until when. Only the token's hash is stored.</summary>
public sealed record TicketRecord
{
    public required string TokenHash { get; init; }
    public required string UserId { get; init; }
    public required string Phone { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? ConsumedAt { get; init; }
}
