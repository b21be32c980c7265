namespace PhoneAuth.CloudFunctions.Model;

/// <summary>One attempt to send an SMS.</summary>
public sealed record SmsLogEntry
{
    public required string Id { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Provider { get; init; }
    public string? MessageId { get; init; }
    public required string Phone { get; init; }
    public required string Purpose { get; init; }

    /// <summary>"sent" or "failed".</summary>
    public required string Status { get; init; }

    /// <summary>The provider's error code, or "timeout", when the attempt failed.</summary>
    public string? ErrorCode { get; init; }

    public int LatencyMs { get; init; }
}
