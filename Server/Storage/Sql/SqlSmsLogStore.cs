using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>The send log in <c>sms_log</c>.</summary>
public sealed class SqlSmsLogStore(SqlDatabase db) : ISmsLogStore
{
    private const string Insert =
        "INSERT INTO sms_log (id, at, provider, message_id, phone, purpose, status, error_code, latency_ms) " +
        "VALUES (@id, @at, @provider, @message_id, @phone, @purpose, @status, @error_code, @latency_ms)";

    public Task AddAsync(SmsLogEntry entry, CancellationToken cancellationToken) =>
        SqlWriteBatch.WriteAsync(db, batch => Add(batch, entry), cancellationToken);

    public void Add(IWriteBatch batch, SmsLogEntry entry) =>
        SqlWriteBatch.Of(batch).Add(Insert,
            ("id", entry.Id), ("at", entry.At.ToUnixMs()), ("provider", entry.Provider), ("message_id", entry.MessageId),
            ("phone", entry.Phone), ("purpose", entry.Purpose), ("status", entry.Status), ("error_code", entry.ErrorCode),
            ("latency_ms", entry.LatencyMs));

    public Task<IReadOnlyList<SmsLogEntry>> ListAsync(string? phone, int skip, int limit, CancellationToken cancellationToken) =>
        db.RunAsync<IReadOnlyList<SmsLogEntry>>(async connection =>
        {
            var filter = phone is null ? "" : "WHERE phone = @phone ";
            await using var reader = await connection.Command(
                    $"SELECT id, at, provider, message_id, phone, purpose, status, error_code, latency_ms FROM sms_log {filter}ORDER BY at DESC, id LIMIT @limit OFFSET @skip")
                .With("phone", phone).With("limit", limit).With("skip", skip).ExecuteReaderAsync(cancellationToken);
            var entries = new List<SmsLogEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new SmsLogEntry
                {
                    Id = reader.GetString(0), At = SqlCommands.FromUnixMs(reader.GetInt64(1)), Provider = reader.GetString(2),
                    MessageId = reader.GetNullableString(3), Phone = reader.GetString(4), Purpose = reader.GetString(5),
                    Status = reader.GetString(6), ErrorCode = reader.GetNullableString(7), LatencyMs = reader.GetInt32(8),
                });
            }
            return entries;
        }, cancellationToken);

    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("DELETE FROM sms_log WHERE at <= @cutoff").With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
