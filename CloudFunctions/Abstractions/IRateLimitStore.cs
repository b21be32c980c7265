using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Sliding-window counters kept in the database, so that limits hold across server processes.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Atomically: when every rule has fewer than its limit of events in its window, records one event
    /// under each distinct key and allows; otherwise records nothing and names the first rule without room.
    /// </summary>
    Task<RateLimitDecision> TryAcquireAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The decision <see cref="TryAcquireAsync"/> would make, recording nothing.</summary>
    Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records one event under each key, unconditionally (failure counters, locks).</summary>
    Task RecordAsync(IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes events older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
