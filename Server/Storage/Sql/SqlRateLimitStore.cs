using System.Data.Common;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Small limits as sliding-window logs in <c>rate_limit_events</c>, large ones as bucket counts in
/// <c>rate_limit_buckets</c> (see <see cref="IRateLimitStore"/>). A decision reads at most the limit's
/// worth of events or 61 buckets per rule, and runs in one transaction that first locks its keys, so
/// that concurrent requests on several processes are counted one after another.
/// </summary>
public sealed class SqlRateLimitStore(SqlDatabase db) : IRateLimitStore
{
    public Task<RateLimitDecision> TryAcquireAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            var keys = rules.Select(r => r.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            await db.Dialect.LockRateLimitKeysAsync(connection, transaction, keys, cancellationToken);
            var decision = await DecideAsync(connection, transaction, rules, now, cancellationToken);
            if (decision.Allowed) await InsertAsync(connection, transaction, rules, now, cancellationToken);
            return decision;
        }, cancellationToken);

    public Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RunAsync(connection => DecideAsync(connection, null, rules, now, cancellationToken), cancellationToken);

    public Task RecordAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, rules, now, cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>The first rule without room, and when room returns.</summary>
    private static async Task<RateLimitDecision> DecideAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var rule in rules)
        {
            var freedAt = rule.IsExact
                ? await ExactFreedAtAsync(connection, transaction, rule, now, cancellationToken)
                : await BucketFreedAtAsync(connection, transaction, rule, now, cancellationToken);
            if (freedAt is { } at) return new RateLimitDecision(false, rule, at - now);
        }
        return RateLimitDecision.Allow;
    }

    /// <summary>
    /// Null while fewer than Limit events lie in the window; else when the Limit-th newest leaves it.
    /// Reads at most Limit rows, newest first.
    /// </summary>
    private static async Task<DateTimeOffset?> ExactFreedAtAsync(DbConnection connection, DbTransaction? transaction,
        RateLimitRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        long? oldest = null;
        var count = 0;
        await using var reader = await connection.Command(
                "SELECT at FROM rate_limit_events WHERE key = @key AND at > @since ORDER BY at DESC LIMIT @limit", transaction)
            .With("key", rule.Key).With("since", (now - rule.Window).ToUnixMs()).With("limit", rule.Limit)
            .ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            oldest = reader.GetInt64(0);
            count++;
        }
        return count < rule.Limit ? null : SqlCommands.FromUnixMs(oldest!.Value) + rule.Window;
    }

    /// <summary>
    /// Null while the buckets that overlap the window hold fewer than Limit events; else when enough of
    /// the oldest have left it. Reads at most 61 rows.
    /// </summary>
    private static async Task<DateTimeOffset?> BucketFreedAtAsync(DbConnection connection, DbTransaction? transaction,
        RateLimitRule rule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var width = (long)rule.BucketWidth.TotalMilliseconds;
        var buckets = new List<(long Start, long Count)>();
        await using (var reader = await connection.Command(
                "SELECT bucket, count FROM rate_limit_buckets WHERE key = @key AND bucket > @since ORDER BY bucket", transaction)
            .With("key", BucketKey(rule)).With("since", (now - rule.Window).ToUnixMs() - width)
            .ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) buckets.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }
        var inWindow = buckets.Sum(b => b.Count);
        if (inWindow < rule.Limit) return null;
        foreach (var (start, count) in buckets)
        {
            inWindow -= count;
            if (inWindow < rule.Limit) return SqlCommands.FromUnixMs(start + width) + rule.Window;
        }
        throw new InvalidOperationException("Unreachable: the buckets summed to at least the limit.");
    }

    /// <summary>One event per distinct key of the exact rules, one count per distinct bucket of the others.</summary>
    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction,
        IEnumerable<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var key in rules.Where(r => r.IsExact).Select(r => r.Key).Distinct(StringComparer.Ordinal))
        {
            await connection.Command("INSERT INTO rate_limit_events (key, at) VALUES (@key, @at)", transaction)
                .With("key", key).With("at", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var rule in rules.Where(r => !r.IsExact).DistinctBy(BucketKey, StringComparer.Ordinal))
        {
            var width = (long)rule.BucketWidth.TotalMilliseconds;
            await connection.Command(
                    "INSERT INTO rate_limit_buckets (key, bucket, count) VALUES (@key, @bucket, 1) " +
                    "ON CONFLICT (key, bucket) DO UPDATE SET count = rate_limit_buckets.count + 1", transaction)
                .With("key", BucketKey(rule)).With("bucket", now.ToUnixMs() / width * width).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Buckets of different widths never mix: the width is part of the key.</summary>
    private static string BucketKey(RateLimitRule rule) => rule.Key + "|" + (long)rule.BucketWidth.TotalMilliseconds;

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
            await connection.Command("DELETE FROM rate_limit_events WHERE at <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken)
            + await connection.Command("DELETE FROM rate_limit_buckets WHERE bucket <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
