using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Sliding-window counters kept in the database, so that limits hold across server processes. A rule
/// with a limit of at most <see cref="RateLimitRule.ExactLimit"/> counts each event to the millisecond;
/// a larger one counts in buckets of a sixtieth of its window, so an event may count up to that much
/// longer than the window (never shorter) and the limit is still never exceeded. Either way a decision
/// reads a bounded number of rows, however busy the key.
/// </summary>
public interface IRateLimitStore
{
    /// <summary>
    /// Atomically: when every rule has fewer than its limit of events in its window, records one event
    /// for each rule (but those that are <see cref="RateLimitRule.CheckOnly"/>) and allows; otherwise records
    /// nothing and names the first rule without room.
    /// </summary>
    Task<RateLimitDecision> TryAcquireAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The decision <see cref="TryAcquireAsync"/> would make, recording nothing.</summary>
    Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records one event for each rule, unconditionally (failure counters, locks).</summary>
    Task RecordAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The event-by-event counts (rules of at most <see cref="RateLimitRule.ExactLimit"/>) whose key starts with
    /// <paramref name="keyPrefix"/>, with their newest event after <paramref name="since"/>, newest first, at most
    /// <paramref name="limit"/>: for operators who look at one phone's locks.
    /// </summary>
    Task<IReadOnlyList<RateLimitKey>> ListExactAsync(string keyPrefix, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the event-by-event counts whose key starts with <paramref name="keyPrefix"/> (an operator's clear); returns how many events.</summary>
    Task<int> DeleteExactAsync(string keyPrefix, CancellationToken cancellationToken);

    /// <summary>Deletes events older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
