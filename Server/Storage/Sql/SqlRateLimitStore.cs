using System.Data.Common;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Small limits as sliding-window logs in <c>rate_limit_events</c>, large ones as bucket counts in
/// <c>rate_limit_buckets</c> (see <see cref="IRateLimitStore"/>). A decision reads at most the limit's
/// worth of events or 61 buckets per rule, and runs in one transaction that first locks its keys, so
/// that concurrent requests on several processes are counted one after another. On PostgreSQL a decision
/// is one batch (one round trip, one commit) whatever the rules; on SQLite, one transaction in the process.
/// </summary>
public sealed class SqlRateLimitStore(SqlDatabase db) : IRateLimitStore
{
    public Task<RateLimitDecision> TryAcquireAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Flavor.BatchIsTransaction
            ? TryAcquireInOneBatchAsync(rules, now, cancellationToken)
            : db.InTransactionAsync(async (connection, transaction) =>
            {
                var keys = rules.Select(r => r.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                await db.Flavor.LockRateLimitKeysAsync(connection, transaction, keys, cancellationToken);
                var decision = await DecideAsync(connection, transaction, rules, now, cancellationToken);
                if (decision.Allowed) await InsertAsync(connection, transaction, rules, now, cancellationToken);
                return decision;
            }, cancellationToken);

    /// <summary>
    /// The decision in one round trip and one commit, where a batch is a transaction (PostgreSQL): one statement
    /// takes the keys' locks in order, and one more reads whether each rule has room and, only when all have,
    /// records the events, in data-modifying CTEs that see the same snapshot as the reads. The locks are held to
    /// the batch's end, so concurrent decisions on the same keys run one after another, on every process. Only a
    /// refusal reads the blocked rule's events again, for the time until it has room.
    /// </summary>
    private async Task<RateLimitDecision> TryAcquireInOneBatchAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var keys = rules.Select(r => r.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var room = new List<string>();
        var parameters = new List<(string Name, object? Value)> { ("at", now.ToUnixMs()) };
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            parameters.Add(($"limit{i}", rule.Limit));
            parameters.Add(($"key{i}", StoredKey(rule)));
            parameters.Add(($"since{i}", Since(rule, now)));
            room.Add(rule.IsExact
                ? $"(SELECT COUNT(*) FROM (SELECT 1 FROM rate_limit_events WHERE key = @key{i} AND at > @since{i} LIMIT @limit{i}) e) < @limit{i}"
                : $"(SELECT COALESCE(SUM(count), 0) FROM rate_limit_buckets WHERE key = @key{i} AND bucket > @since{i}) < @limit{i}");
        }
        var (eventKeys, buckets) = Recorded(rules);
        parameters.Add(("event_keys", eventKeys.ToArray()));
        parameters.Add(("bucket_keys", buckets.Select(BucketKey).ToArray()));
        parameters.Add(("bucket_starts", buckets.Select(r => BucketStart(r, now)).ToArray()));
        var all = string.Join(" AND ", Enumerable.Range(0, rules.Count).Select(i => $"r{i}"));
        var sql =
            "WITH room AS (SELECT " + string.Join(", ", room.Select((condition, i) => $"{condition} AS r{i}")) + "), " +
            $"events AS (INSERT INTO rate_limit_events (key, at) SELECT k, @at FROM unnest(@event_keys) AS k WHERE (SELECT {all} FROM room) RETURNING 1), " +
            "buckets AS (INSERT INTO rate_limit_buckets (key, bucket, count) SELECT k, b, 1 FROM unnest(@bucket_keys, @bucket_starts) AS t(k, b) " +
            $"WHERE (SELECT {all} FROM room) ON CONFLICT (key, bucket) DO UPDATE SET count = rate_limit_buckets.count + 1 RETURNING 1) " +
            "SELECT " + string.Join(", ", Enumerable.Range(0, rules.Count).Select(i => $"r{i}")) + " FROM room";

        var blocked = await db.WriteAsync(async connection =>
        {
            var batch = new SqlBatch(connection, null)
                // The keys arrive sorted and unnest keeps their order: concurrent decisions lock in one order and never deadlock.
                .Add("SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(@keys) AS k", ("keys", keys))
                .Add(sql, [.. parameters]);
            var first = -1;
            await batch.ReadAsync(async (statement, reader) =>
            {
                if (statement == 0 || !await reader.ReadAsync(cancellationToken)) return;
                for (var i = 0; i < rules.Count && first < 0; i++)
                    if (!reader.GetBoolean(i)) first = i;
            }, cancellationToken);
            return first;
        }, cancellationToken);
        if (blocked < 0) return RateLimitDecision.Allow;
        var full = rules[blocked];
        var again = await CheckAsync([full], now, cancellationToken);
        // Room may have come back since the decision (an operator's clear, the sweeper): then try again in a second.
        return new RateLimitDecision(false, full, again.Allowed ? TimeSpan.FromSeconds(1) : again.RetryAfter);
    }

    public Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RunAsync(connection => DecideAsync(connection, null, rules, now, cancellationToken), cancellationToken);

    public Task RecordAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, rules, now, cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>The first rule without room, and when room returns. One batch reads every rule.</summary>
    private static async Task<RateLimitDecision> DecideAsync(DbConnection connection, DbTransaction? transaction,
        IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new SqlBatch(connection, transaction);
        foreach (var rule in rules)
        {
            if (rule.IsExact)
            {
                // At most Limit rows, newest first.
                batch.Add("SELECT at, 1 FROM rate_limit_events WHERE key = @key AND at > @since ORDER BY at DESC LIMIT @limit",
                    ("key", StoredKey(rule)), ("since", Since(rule, now)), ("limit", rule.Limit));
            }
            else
            {
                // The buckets that overlap the window, oldest first: at most 61 rows.
                batch.Add("SELECT bucket, count FROM rate_limit_buckets WHERE key = @key AND bucket > @since ORDER BY bucket",
                    ("key", StoredKey(rule)), ("since", Since(rule, now)));
            }
        }
        var rows = new List<(long At, long Count)>[rules.Count];
        await batch.ReadAsync(async (i, reader) =>
        {
            rows[i] = [];
            while (await reader.ReadAsync(cancellationToken)) rows[i].Add((reader.GetInt64(0), reader.GetInt64(1)));
        }, cancellationToken);

        for (var i = 0; i < rules.Count; i++)
        {
            var freedAt = rules[i].IsExact ? ExactFreedAt(rules[i], rows[i]) : BucketFreedAt(rules[i], rows[i]);
            if (freedAt is { } at) return new RateLimitDecision(false, rules[i], at - now);
        }
        return RateLimitDecision.Allow;
    }

    /// <summary>Null while fewer than Limit events lie in the window; else when the Limit-th newest leaves it.</summary>
    private static DateTimeOffset? ExactFreedAt(RateLimitRule rule, List<(long At, long Count)> newestFirst) =>
        newestFirst.Count < rule.Limit ? null : SqlCommands.FromUnixMs(newestFirst[^1].At) + rule.Window;

    /// <summary>
    /// Null while the buckets that overlap the window hold fewer than Limit events; else when enough of
    /// the oldest have left it.
    /// </summary>
    private static DateTimeOffset? BucketFreedAt(RateLimitRule rule, List<(long Start, long Count)> oldestFirst)
    {
        var inWindow = oldestFirst.Sum(b => b.Count);
        if (inWindow < rule.Limit) return null;
        foreach (var (start, count) in oldestFirst)
        {
            inWindow -= count;
            if (inWindow < rule.Limit) return SqlCommands.FromUnixMs(start + Width(rule)) + rule.Window;
        }
        throw new InvalidOperationException("Unreachable: the buckets summed to at least the limit.");
    }

    /// <summary>What <see cref="Recorded"/> names, in one batch.</summary>
    private static Task InsertAsync(DbConnection connection, DbTransaction transaction,
        IEnumerable<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var batch = new SqlBatch(connection, transaction);
        var (eventKeys, buckets) = Recorded(rules);
        foreach (var key in eventKeys)
            batch.Add("INSERT INTO rate_limit_events (key, at) VALUES (@key, @at)", ("key", key), ("at", now.ToUnixMs()));
        foreach (var rule in buckets)
        {
            batch.Add("INSERT INTO rate_limit_buckets (key, bucket, count) VALUES (@key, @bucket, 1) " +
                "ON CONFLICT (key, bucket) DO UPDATE SET count = rate_limit_buckets.count + 1",
                ("key", BucketKey(rule)), ("bucket", BucketStart(rule, now)));
        }
        return batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What an acquisition records: one event per distinct key of the exact rules, one count per distinct bucket of the others; never a checked-only rule.</summary>
    private static (IReadOnlyList<string> EventKeys, IReadOnlyList<RateLimitRule> Buckets) Recorded(IEnumerable<RateLimitRule> rules)
    {
        var recorded = rules.Where(r => !r.CheckOnly).ToList();
        return ([.. recorded.Where(r => r.IsExact).Select(r => r.Key).Distinct(StringComparer.Ordinal)],
            [.. recorded.Where(r => !r.IsExact).DistinctBy(BucketKey, StringComparer.Ordinal)]);
    }

    /// <summary>The key a rule's rows are stored under: its own for events, with the bucket width for buckets.</summary>
    private static string StoredKey(RateLimitRule rule) => rule.IsExact ? rule.Key : BucketKey(rule);

    /// <summary>The rows in a rule's window lie after this: events after the window's start, buckets that overlap it.</summary>
    private static long Since(RateLimitRule rule, DateTimeOffset now) =>
        (now - rule.Window).ToUnixMs() - (rule.IsExact ? 0 : Width(rule));

    private static long BucketStart(RateLimitRule rule, DateTimeOffset now) => now.ToUnixMs() / Width(rule) * Width(rule);

    private static long Width(RateLimitRule rule) => (long)rule.BucketWidth.TotalMilliseconds;

    /// <summary>Buckets of different widths never mix: the width is part of the key.</summary>
    private static string BucketKey(RateLimitRule rule) => rule.Key + "|" + (long)rule.BucketWidth.TotalMilliseconds;

    // substr rather than LIKE: a key may hold LIKE's wildcards, and both engines compare substr bytewise.
    public Task<IReadOnlyList<RateLimitKey>> ListExactAsync(string keyPrefix, DateTimeOffset since, int limit, CancellationToken cancellationToken) =>
        db.RunAsync<IReadOnlyList<RateLimitKey>>(async connection =>
        {
            var command = connection.Command("SELECT key, COUNT(*), MAX(at) FROM rate_limit_events " +
                    "WHERE substr(key, 1, @length) = @prefix AND at > @since GROUP BY key ORDER BY MAX(at) DESC, key LIMIT @limit")
                .With("length", keyPrefix.Length).With("prefix", keyPrefix).With("since", since.ToUnixMs()).With("limit", limit);
            var found = new List<RateLimitKey>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                found.Add(new RateLimitKey(reader.GetString(0), (int)reader.GetInt64(1), SqlCommands.FromUnixMs(reader.GetInt64(2))));
            return found;
        }, cancellationToken);

    public Task<int> DeleteExactAsync(string keyPrefix, CancellationToken cancellationToken) =>
        db.WriteAsync(connection => connection.Command("DELETE FROM rate_limit_events WHERE substr(key, 1, @length) = @prefix")
            .With("length", keyPrefix.Length).With("prefix", keyPrefix).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
            await connection.Command("DELETE FROM rate_limit_events WHERE at <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken)
            + await connection.Command("DELETE FROM rate_limit_buckets WHERE bucket <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
