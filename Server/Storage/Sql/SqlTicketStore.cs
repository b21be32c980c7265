using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>Phone-change tickets in <c>phone_tickets</c>; consumed by one conditional UPDATE.</summary>
public sealed class SqlTicketStore(SqlDatabase db) : ITicketStore
{
    public Task CreateAsync(TicketRecord ticket, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("INSERT INTO phone_tickets (token_hash, user_id, phone, created_at, expires_at) VALUES (@hash, @user_id, @phone, @created_at, @expires_at)")
                .With("hash", ticket.TokenHash).With("user_id", ticket.UserId).With("phone", ticket.Phone)
                .With("created_at", ticket.CreatedAt.ToUnixMs()).With("expires_at", ticket.ExpiresAt.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<TicketRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command("SELECT token_hash, user_id, phone, created_at, expires_at, consumed_at FROM phone_tickets WHERE token_hash = @hash")
                .With("hash", tokenHash).ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            return new TicketRecord
            {
                TokenHash = reader.GetString(0), UserId = reader.GetString(1), Phone = reader.GetString(2),
                CreatedAt = SqlCommands.FromUnixMs(reader.GetInt64(3)), ExpiresAt = SqlCommands.FromUnixMs(reader.GetInt64(4)),
                ConsumedAt = reader.GetNullableInt64(5) is { } consumed ? SqlCommands.FromUnixMs(consumed) : null,
            };
        }, cancellationToken);

    public Task<bool> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
            await connection.Command("UPDATE phone_tickets SET consumed_at = @now WHERE token_hash = @hash AND consumed_at IS NULL AND expires_at > @now")
                .With("now", now.ToUnixMs()).With("hash", tokenHash).ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("DELETE FROM phone_tickets WHERE expires_at <= @now").With("now", now.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
