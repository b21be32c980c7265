namespace PhoneAuth.CloudFunctions.Model;

/// <summary>At most <paramref name="Limit"/> events for <paramref name="Key"/> in any <paramref name="Window"/>.</summary>
/// <param name="Key">What is counted, e.g. <c>send:phone:+8613800138000</c>.</param>
/// <param name="Limit">Events allowed in the window.</param>
/// <param name="Window">The sliding window.</param>
/// <param name="Name">Names the rule in the answer and the log, e.g. <c>resend-interval</c>.</param>
public sealed record RateLimitRule(string Key, int Limit, TimeSpan Window, string Name)
{
    /// <summary>The largest limit counted event by event; larger ones are counted in buckets.</summary>
    public const int ExactLimit = 100;

    /// <summary>True when this rule is counted event by event.</summary>
    public bool IsExact => Limit <= ExactLimit;

    /// <summary>
    /// True when the rule is only checked: <see cref="Abstractions.IRateLimitStore.TryAcquireAsync"/> refuses while it
    /// has no room but records no event for it (a lock that other events set).
    /// </summary>
    public bool CheckOnly { get; init; }

    /// <summary>The width of this rule's buckets: a sixtieth of the window, at least a second.</summary>
    public TimeSpan BucketWidth => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, Window.Ticks / 60));
}

/// <summary>The outcome of <see cref="Abstractions.IRateLimitStore.TryAcquireAsync"/>.</summary>
/// <param name="Allowed">True when every rule had room and one event was recorded for each.</param>
/// <param name="Blocked">The first rule without room, when not allowed.</param>
/// <param name="RetryAfter">When that rule will have room again.</param>
public sealed record RateLimitDecision(bool Allowed, RateLimitRule? Blocked, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allow = new(true, null, TimeSpan.Zero);
}

/// <summary>One counted key, as <see cref="Abstractions.IRateLimitStore.ListExactAsync"/> reports it.</summary>
/// <param name="Key">The key, e.g. <c>verify:lock:+8613800138000|ip:203.0.113.9</c>.</param>
/// <param name="Events">Its events after the asked time.</param>
/// <param name="Newest">When the newest of them happened.</param>
public sealed record RateLimitKey(string Key, int Events, DateTimeOffset Newest);
