using System.Data.Common;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>Sessions in the <c>sessions</c> table, keyed by the SHA-256 of their token.</summary>
public sealed class SqlSessionStore(SqlDatabase db) : ISessionStore
{
    private const string Columns =
        "id, token_hash, user_id, installation_id, created_with_action, created_with_provider, expires_at, created_at, updated_at";

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            if (session.InstallationId is not null)
            {
                // One session per user and installation, as Parse Server keeps it.
                await connection.Command("DELETE FROM sessions WHERE user_id = @user_id AND installation_id = @installation_id", transaction)
                    .With("user_id", session.UserId).With("installation_id", session.InstallationId)
                    .ExecuteNonQueryAsync(cancellationToken);
            }
            return await connection.Command(
                    $"INSERT INTO sessions ({Columns}) VALUES (@id, @token_hash, @user_id, @installation_id, " +
                    "@created_with_action, @created_with_provider, @expires_at, @created_at, @updated_at)", transaction)
                .With("id", session.Id)
                .With("token_hash", session.TokenHash)
                .With("user_id", session.UserId)
                .With("installation_id", session.InstallationId)
                .With("created_with_action", session.CreatedWithAction)
                .With("created_with_provider", session.CreatedWithProvider)
                .With("expires_at", session.ExpiresAt.ToUnixMs())
                .With("created_at", session.CreatedAt.ToUnixMs())
                .With("updated_at", session.UpdatedAt.ToUnixMs())
                .ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command($"SELECT {Columns} FROM sessions WHERE token_hash = @token_hash")
                .With("token_hash", tokenHash).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    public Task<SessionRecord?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command($"SELECT {Columns} FROM sessions WHERE id = @id")
                .With("id", id).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string? userId, int skip, int limit, CancellationToken cancellationToken) =>
        db.RunAsync<IReadOnlyList<SessionRecord>>(async connection =>
        {
            var filter = userId is null ? "" : "WHERE user_id = @user_id ";
            await using var reader = await connection.Command($"SELECT {Columns} FROM sessions {filter}ORDER BY created_at DESC, id LIMIT @limit OFFSET @skip")
                .With("user_id", userId).With("limit", limit).With("skip", skip).ExecuteReaderAsync(cancellationToken);
            var list = new List<SessionRecord>();
            while (await reader.ReadAsync(cancellationToken)) list.Add(Read(reader));
            return list;
        }, cancellationToken);

    public Task<bool> DeleteByIdAsync(string id, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
            await connection.Command("DELETE FROM sessions WHERE id = @id")
                .With("id", id).ExecuteNonQueryAsync(cancellationToken) > 0, cancellationToken);

    public Task<int> DeleteByUserAsync(string userId, string? exceptId, CancellationToken cancellationToken) =>
        db.RunAsync(connection =>
            connection.Command("DELETE FROM sessions WHERE user_id = @user_id" + (exceptId is null ? "" : " AND id <> @except_id"))
                .With("user_id", userId).With("except_id", exceptId).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<bool> DeleteByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
            await connection.Command("DELETE FROM sessions WHERE token_hash = @token_hash")
                .With("token_hash", tokenHash).ExecuteNonQueryAsync(cancellationToken) > 0, cancellationToken);

    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.RunAsync(connection =>
            connection.Command("DELETE FROM sessions WHERE expires_at <= @now")
                .With("now", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private static SessionRecord Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        TokenHash = r.GetString(1),
        UserId = r.GetString(2),
        InstallationId = r.GetNullableString(3),
        CreatedWithAction = r.GetNullableString(4),
        CreatedWithProvider = r.GetNullableString(5),
        ExpiresAt = SqlCommands.FromUnixMs(r.GetInt64(6)),
        CreatedAt = SqlCommands.FromUnixMs(r.GetInt64(7)),
        UpdatedAt = SqlCommands.FromUnixMs(r.GetInt64(8)),
    };
}
