using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// The send log and what it adds up to: per provider, per hour, per country, per number prefix, and the send
/// budgets' use in the last hour. Reads the newest <see cref="Window"/> entries of the log the Parse API's
/// <c>GET /classes/_SmsLog</c> reads, and asks the conversion guard for each busy prefix's verified share.
/// </summary>
public sealed class ConsoleSends(ISmsLogStore log, ConversionGuard guard, PhoneParser phones, IOptions<LimitsOptions> limits, TimeProvider time)
{
    /// <summary>How many of the newest log entries the summaries read.</summary>
    public const int Window = 5000;

    private static readonly TimeSpan FailoverGap = TimeSpan.FromSeconds(30);

    public async Task<SendsView> ReadAsync(SendsFilter filter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var phone = string.IsNullOrWhiteSpace(filter.Phone) ? null : phones.TryRead(filter.Phone, out var parsed) ? parsed.E164 : filter.Phone.Trim();
        var all = await log.ListAsync(phone, 0, Window, cancellationToken);
        var rows = all.Select((entry, i) => new SendRow(entry, IsFailover(all, i)))
            .Where(r => (filter.Provider is not { Length: > 0 } p || r.Entry.Provider == p) && (filter.Status is not { Length: > 0 } s || r.Entry.Status == s))
            .ToList();
        var providers = rows.GroupBy(r => r.Entry.Provider).OrderBy(g => g.Key).Select(g => new ProviderFigures(g.Key, g.Count(),
            g.Count(r => r.Entry.Status == "sent"), g.Average(r => r.Entry.LatencyMs), Percentile(g.Select(r => r.Entry.LatencyMs), 0.95))).ToList();
        var hours = Enumerable.Range(0, 24).Select(h => HourOf(now).AddHours(h - 23)).ToList();
        var perHour = hours.Select(h => new HourFigures(h,
            rows.Count(r => HourOf(r.Entry.At) == h && r.Entry.Status == "sent"),
            rows.Count(r => HourOf(r.Entry.At) == h && r.Entry.Status != "sent"))).ToList();
        return new SendsView(filter, rows.Take(200).ToList(), rows.Count, providers, perHour);
    }

    public async Task<ConversionView> ConversionAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = (await log.ListAsync(null, 0, Window, cancellationToken)).Where(e => e.At > now.AddHours(-24) && !SmsNotices.IsNotice(e.Purpose)).ToList();
        // One code, one send: a failover's second attempt is the same code.
        var codes = day.Where((e, i) => !IsFailover(day, i)).ToList();
        var countries = codes.GroupBy(e => Country(e.Phone)).Select(g => new CountFigure("+" + g.Key, g.Count())).OrderByDescending(c => c.Count).Take(15).ToList();
        var prefixes = new List<ConversionVerdict>();
        foreach (var scope in codes.GroupBy(e => Scope(e.Phone)).OrderByDescending(g => g.Count()).Take(15).Select(g => g.Key))
        {
            // A logged number the guard cannot place (no country it knows) has no prefix to judge.
            try { prefixes.Add(await guard.StatusAsync(scope, cancellationToken)); }
            catch (PhoneAuthException) { }
        }
        var hours = Enumerable.Range(0, 24).Select(h => HourOf(now).AddHours(h - 23)).ToList();
        var perHour = hours.Select(h => new CountFigure(h.ToString("HH:00"), codes.Count(e => HourOf(e.At) == h))).ToList();
        var lastHour = codes.Where(e => e.At > now.AddHours(-1)).ToList();
        var options = limits.Value;
        var budgets = new List<BudgetFigure> { new("global", lastHour.Count, options.GlobalSendsPerHour) };
        budgets.AddRange(lastHour.GroupBy(e => Country(e.Phone)).OrderByDescending(g => g.Count())
            .Select(g => new BudgetFigure("+" + g.Key, g.Count(), options.SendsPerCountryPerHour)));
        return new ConversionView(perHour, countries, prefixes, budgets, options.SendsPerIpPerHour, guard.Enabled, await SeriesAsync(now, cancellationToken));
    }

    /// <summary>
    /// Codes sent and verified per guard window (an hour by default) over the last day, from the guard's counts (so only
    /// while the guard is on), every window present, empty ones as zero.
    /// </summary>
    private async Task<IReadOnlyList<ConversionBucket>> SeriesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (width, buckets) = await guard.SeriesAsync(TimeSpan.FromHours(24), cancellationToken);
        var widthMs = (long)width.TotalMilliseconds;
        var first = (now.AddHours(-24).ToUnixTimeMilliseconds() / widthMs + 1) * widthMs;
        var found = buckets.ToDictionary(b => b.Start.ToUnixTimeMilliseconds());
        var series = new List<ConversionBucket>();
        for (var start = first; start <= now.ToUnixTimeMilliseconds() && series.Count < 48; start += widthMs)
            series.Add(found.TryGetValue(start, out var bucket) ? bucket : new ConversionBucket(DateTimeOffset.FromUnixTimeMilliseconds(start), 0, 0));
        return series;
    }

    /// <summary>
    /// A failed attempt followed soon by an attempt to the same phone and purpose through another provider. Neighbours
    /// are searched both ways: attempts made within one clock tick come back in either order.
    /// </summary>
    private static bool IsFailover(IReadOnlyList<SmsLogEntry> newestFirst, int index)
    {
        var failed = newestFirst[index];
        if (failed.Status == "sent") return false;
        for (var j = Math.Max(0, index - 10); j < Math.Min(newestFirst.Count, index + 10); j++)
        {
            var other = newestFirst[j];
            if (j != index && other.Phone == failed.Phone && other.Purpose == failed.Purpose && other.Provider != failed.Provider
                && other.At >= failed.At && other.At - failed.At <= FailoverGap) return true;
        }
        return false;
    }

    private string Country(string e164) => phones.Stored(e164).CountryCode;

    private string Scope(string e164) => guard.ScopeOf(phones.Stored(e164));

    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcDateTime.Date.AddHours(at.UtcDateTime.Hour), TimeSpan.Zero);

    private static int Percentile(IEnumerable<int> values, double share)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
    }
}

public sealed record SendsFilter(string? Phone, string? Provider, string? Status);

public sealed record SendRow(SmsLogEntry Entry, bool FailedOver);

public sealed record ProviderFigures(string Provider, int Attempts, int Sent, double AverageLatencyMs, int P95LatencyMs)
{
    public double SuccessRate => Attempts == 0 ? 0 : (double)Sent / Attempts;
}

public sealed record HourFigures(DateTimeOffset Hour, int Sent, int Failed);

public sealed record SendsView(SendsFilter Filter, IReadOnlyList<SendRow> Rows, int Total, IReadOnlyList<ProviderFigures> Providers, IReadOnlyList<HourFigures> PerHour);

public sealed record CountFigure(string Label, int Count);

public sealed record BudgetFigure(string Name, int Used, int Limit);

public sealed record ConversionView(IReadOnlyList<CountFigure> PerHour, IReadOnlyList<CountFigure> Countries, IReadOnlyList<ConversionVerdict> Prefixes,
    IReadOnlyList<BudgetFigure> Budgets, int PerIpLimit, bool GuardEnabled, IReadOnlyList<ConversionBucket> Series);
