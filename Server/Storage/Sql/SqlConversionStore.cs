using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// The conversion guard's counts in <c>conversion_buckets</c> and operators' clears in <c>conversion_clears</c>
/// (see <see cref="IConversionStore"/>). A count is one upsert of two rows (the fine and the coarse bucket),
/// written with the batch it is added to; judging a prefix is one statement of three aggregates: at most 61
/// fine buckets for the window and Baseline/Window coarse ones for the baseline, however busy the prefix.
/// </summary>
public sealed class SqlConversionStore(SqlDatabase db) : IConversionStore
{
    public Task CountSentAsync(string scope, DateTimeOffset sentAt, ConversionWindows windows, CancellationToken cancellationToken) =>
        CountAsync(scope, sentAt, windows, "sent", cancellationToken);

    public Task CountVerifiedAsync(string scope, DateTimeOffset sentAt, ConversionWindows windows, CancellationToken cancellationToken) =>
        CountAsync(scope, sentAt, windows, "verified", cancellationToken);

    public void CountSent(IWriteBatch batch, string scope, DateTimeOffset sentAt, ConversionWindows windows) =>
        Count(SqlWriteBatch.Of(batch), scope, sentAt, windows, "sent");

    public void CountVerified(IWriteBatch batch, string scope, DateTimeOffset sentAt, ConversionWindows windows) =>
        Count(SqlWriteBatch.Of(batch), scope, sentAt, windows, "verified");

    private Task CountAsync(string scope, DateTimeOffset sentAt, ConversionWindows windows, string column, CancellationToken cancellationToken) =>
        SqlWriteBatch.WriteAsync(db, batch => Count(batch, scope, sentAt, windows, column), cancellationToken);

    /// <summary>
    /// One upsert of two rows, the fine bucket's and the coarse one's: always fine before coarse (rows are taken in
    /// the order of VALUES), so that concurrent counts lock rows in one order.
    /// </summary>
    private static void Count(SqlWriteBatch batch, string scope, DateTimeOffset sentAt, ConversionWindows windows, string column)
    {
        var (fine, coarse) = (Ms(windows.FineWidth), Ms(windows.Window));
        batch.Add($"INSERT INTO conversion_buckets (scope, width, bucket, {column}) VALUES (@scope, @fine, @fine_bucket, 1), (@scope, @coarse, @coarse_bucket, 1) " +
            $"ON CONFLICT (scope, width, bucket) DO UPDATE SET {column} = conversion_buckets.{column} + 1",
            ("scope", scope), ("fine", fine), ("fine_bucket", sentAt.ToUnixMs() / fine * fine),
            ("coarse", coarse), ("coarse_bucket", sentAt.ToUnixMs() / coarse * coarse));
    }

    public Task<ConversionCounts> ReadAsync(string scope, DateTimeOffset now, ConversionWindows windows, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            var (fine, coarse) = (Ms(windows.FineWidth), Ms(windows.Window));
            // The baseline ends at the start of the coarse bucket that holds the window's start: only whole buckets before the window.
            var baselineEnd = (now - windows.Window).ToUnixMs() / coarse * coarse;
            // One statement, three sums: the window's sent and verified (since the last clear), and the baseline's sent.
            await using var reader = await connection.Command(
                    "SELECT w.sent, w.verified, b.sent FROM " +
                    "(SELECT COALESCE(SUM(sent), 0) AS sent, COALESCE(SUM(verified), 0) AS verified FROM conversion_buckets " +
                    "WHERE scope = @scope AND width = @fine AND bucket > @since " +
                    "AND bucket >= COALESCE((SELECT cleared_at FROM conversion_clears WHERE scope = @scope), 0)) w, " +
                    "(SELECT COALESCE(SUM(sent), 0) AS sent FROM conversion_buckets " +
                    "WHERE scope = @scope AND width = @coarse AND bucket >= @from AND bucket < @to) b")
                .With("scope", scope).With("fine", fine).With("since", (now - windows.Window).ToUnixMs() - fine)
                .With("coarse", coarse).With("from", baselineEnd - Ms(windows.Baseline)).With("to", baselineEnd)
                .ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            return new ConversionCounts(scope, Convert.ToInt64(reader.GetValue(0)), Convert.ToInt64(reader.GetValue(1)), Convert.ToInt64(reader.GetValue(2)));
        }, cancellationToken);

    public async Task<IReadOnlyList<ConversionCounts>> ListBusyAsync(DateTimeOffset now, ConversionWindows windows, int minSends, int limit,
        CancellationToken cancellationToken)
    {
        var fine = Ms(windows.FineWidth);
        var scopes = await db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command(
                    "SELECT scope FROM conversion_buckets WHERE width = @fine AND bucket > @since " +
                    "GROUP BY scope HAVING SUM(sent) >= @min ORDER BY SUM(sent) DESC, scope LIMIT @limit")
                .With("fine", fine).With("since", (now - windows.Window).ToUnixMs() - fine).With("min", minSends).With("limit", limit)
                .ExecuteReaderAsync(cancellationToken);
            var found = new List<string>();
            while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
            return found;
        }, cancellationToken);
        // Each read again in full: a clear and the baseline count too.
        var counts = new List<ConversionCounts>();
        foreach (var scope in scopes) counts.Add(await ReadAsync(scope, now, windows, cancellationToken));
        return counts;
    }

    public Task<IReadOnlyList<ConversionBucket>> SeriesAsync(DateTimeOffset since, ConversionWindows windows, CancellationToken cancellationToken) =>
        db.RunAsync<IReadOnlyList<ConversionBucket>>(async connection =>
        {
            var width = Ms(windows.Window);
            var command = connection.Command("SELECT bucket, SUM(sent), SUM(verified) FROM conversion_buckets " +
                    "WHERE width = @width AND bucket >= @since GROUP BY bucket ORDER BY bucket")
                .With("width", width).With("since", since.ToUnixMs());
            var series = new List<ConversionBucket>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
                series.Add(new ConversionBucket(SqlCommands.FromUnixMs(reader.GetInt64(0)), reader.GetInt64(1), reader.GetInt64(2)));
            return series;
        }, cancellationToken);

    public Task ClearAsync(string scope, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("INSERT INTO conversion_clears (scope, cleared_at) VALUES (@scope, @at) " +
                    "ON CONFLICT (scope) DO UPDATE SET cleared_at = excluded.cleared_at")
                .With("scope", scope).With("at", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
            await connection.Command("DELETE FROM conversion_buckets WHERE bucket <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken)
            + await connection.Command("DELETE FROM conversion_clears WHERE cleared_at <= @cutoff")
                .With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
