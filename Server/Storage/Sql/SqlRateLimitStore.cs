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

                // Room returns when enough of the oldest events have left the window.
                var freedAt = SqlCommands.FromUnixMs(times[times.Count - rule.Limit]) + rule.Window;
                return new RateLimitDecision(false, rule, freedAt - now);
            }

            foreach (var key in keys)
            {
                await connection.Command("INSERT INTO rate_limit_events (key, at) VALUES (@key, @at)", transaction)
                    .With("key", key).With("at", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken);
            }
            return RateLimitDecision.Allow;
        }, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.RunAsync(connection =>
            connection.Command("DELETE FROM rate_limit_events WHERE at <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
