namespace PhoneAuth.CloudFunctions.Model;

/// <summary>The windows the conversion guard counts in.</summary>
/// <param name="Window">The sliding window; its buckets are a sixtieth of it, at least a second.</param>
/// <param name="Baseline">The period before the window that gives the usual level; its buckets are a window wide.</param>
public sealed record ConversionWindows(TimeSpan Window, TimeSpan Baseline)
{
    /// <summary>The width of the window's buckets.</summary>
    public TimeSpan FineWidth => TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, Window.Ticks / 60));

    /// <summary>How many windows the baseline holds: the divisor of the usual level.</summary>
    public double BaselineWindows => Baseline / Window;
}

/// <summary>What the store holds for one scope (a number prefix) at one moment.</summary>
/// <param name="Scope">The prefix, as <c>+86 1700</c>.</param>
/// <param name="Sent">Codes sent in the window (since the last clear, if later).</param>
/// <param name="Verified">Of those, the ones verified.</param>
/// <param name="BaselineSent">Codes sent in the baseline period before the window.</param>
public sealed record ConversionCounts(string Scope, long Sent, long Verified, long BaselineSent);

/// <summary>Codes sent in one window-wide bucket from <paramref name="Start"/>, in all scopes, and how many of them were verified.</summary>
public sealed record ConversionBucket(DateTimeOffset Start, long Sent, long Verified);
