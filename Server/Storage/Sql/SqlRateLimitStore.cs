using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Sliding-window logs in <c>rate_limit_events</c>. Each decision runs in one transaction that first
/// locks its keys, so that concurrent requests on several processes are counted one after another.
/// </summary>
public sealed class SqlRateLimitStore(SqlDatabase db) : IRateLimitStore
{
    public Task<RateLimitDecision> TryAcquireAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            var keys = rules.Select(r => r.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            await db.Dialect.LockRateLimitKeysAsync(connection, transaction, keys, cancellationToken);
            var decision = await DecideAsync(connection, transaction, rules, now, cancellationToken);
            if (decision.Allowed) await InsertAsync(connection, transaction, keys, now, cancellationToken);
            return decision;
        }, cancellationToken);

    public Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RunAsync(connection => DecideAsync(connection, null, rules, now, cancellationToken), cancellationToken);

    public Task RecordAsync(IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            await InsertAsync(connection, transaction, keys, now, cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>The first rule without room, and when room returns: when enough of its oldest events have left the window.</summary>
    private static async Task<RateLimitDecision> DecideAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        IReadOnlyList<RateLimitRule> rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var rule in rules)
        {
            var times = new List<long>();
            await using (var reader = await connection.Command(
                    "SELECT at FROM rate_limit_events WHERE key = @key AND at > @since ORDER BY at", transaction)
                .With("key", rule.Key).With("since", (now - rule.Window).ToUnixMs())
                .ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) times.Add(reader.GetInt64(0));
            }
            if (times.Count < rule.Limit) continue;
            var freedAt = SqlCommands.FromUnixMs(times[times.Count - rule.Limit]) + rule.Window;
            return new RateLimitDecision(false, rule, freedAt - now);
        }
        return RateLimitDecision.Allow;
    }

    private static async Task InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        IEnumerable<string> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await connection.Command("INSERT INTO rate_limit_events (key, at) VALUES (@key, @at)", transaction)
                .With("key", key).With("at", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.RunAsync(connection =>
            connection.Command("DELETE FROM rate_limit_events WHERE at <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
