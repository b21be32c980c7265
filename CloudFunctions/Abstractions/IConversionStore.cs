using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Codes sent to each number prefix and how many were verified, counted in the database so that every
/// server process judges a prefix alike (the conversion guard). Counts are kept in buckets: fine ones
/// (a sixtieth of the window) for the window, coarse ones (a window wide) for the baseline, so a read
/// covers a bounded number of rows however busy the prefix. Memory does not grow with the prefixes.
/// </summary>
public interface IConversionStore
{
    /// <summary>Counts one code sent to <paramref name="scope"/> at <paramref name="sentAt"/>.</summary>
    Task CountSentAsync(string scope, DateTimeOffset sentAt, ConversionWindows windows, CancellationToken cancellationToken);

    /// <summary>Counts one code of <paramref name="scope"/> as verified, in the buckets of the time it was sent.</summary>
    Task CountVerifiedAsync(string scope, DateTimeOffset sentAt, ConversionWindows windows, CancellationToken cancellationToken);

    /// <summary><see cref="CountSentAsync"/>, written with <paramref name="batch"/>.</summary>
    void CountSent(IWriteBatch batch, string scope, DateTimeOffset sentAt, ConversionWindows windows);

    /// <summary><see cref="CountVerifiedAsync"/>, written with <paramref name="batch"/>.</summary>
    void CountVerified(IWriteBatch batch, string scope, DateTimeOffset sentAt, ConversionWindows windows);

    /// <summary>
    /// The scope's counts at <paramref name="now"/>: codes sent in the window and verified of those (both only
    /// from the first bucket after the scope was last cleared), and codes sent in the baseline before the window.
    /// </summary>
    Task<ConversionCounts> ReadAsync(string scope, DateTimeOffset now, ConversionWindows windows, CancellationToken cancellationToken);

    /// <summary>The counts of every scope sent at least <paramref name="minSends"/> codes in the window, busiest first (for operators).</summary>
    Task<IReadOnlyList<ConversionCounts>> ListBusyAsync(DateTimeOffset now, ConversionWindows windows, int minSends, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Codes sent and verified in all scopes together, per window-wide bucket starting at or after <paramref name="since"/>,
    /// oldest first (for operators' charts: with the default one-hour window, per hour). Clears do not apply.
    /// </summary>
    Task<IReadOnlyList<ConversionBucket>> SeriesAsync(DateTimeOffset since, ConversionWindows windows, CancellationToken cancellationToken);

    /// <summary>Forgets what the scope was sent before <paramref name="now"/>, as far as the window is concerned (an operator's clear).</summary>
    Task ClearAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes buckets and clears older than <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
