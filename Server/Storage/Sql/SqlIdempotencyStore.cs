using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>Request ids in the <c>idempotency</c> table; an expired id may be registered again.</summary>
public sealed class SqlIdempotencyStore(SqlDatabase db) : IIdempotencyStore
{
    public Task<bool> TryRegisterAsync(string requestId, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection =>
            await connection.Command(
                    "INSERT INTO idempotency (request_id, expires_at) VALUES (@id, @expires_at) " +
                    "ON CONFLICT (request_id) DO UPDATE SET expires_at = @expires_at WHERE idempotency.expires_at <= @now")
                .With("id", requestId).With("expires_at", expiresAt.ToUnixMs()).With("now", now.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public Task ReleaseAsync(string requestId, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("DELETE FROM idempotency WHERE request_id = @id").With("id", requestId)
                .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("DELETE FROM idempotency WHERE expires_at <= @now").With("now", now.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
}
