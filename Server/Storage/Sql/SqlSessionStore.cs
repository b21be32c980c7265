using System.Data.Common;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Storage.Sql.Query;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Sessions in the <c>sessions</c> table, keyed by the SHA-256 of their token. Ending a session is
/// announced on the <see cref="SqlUserChangeFeed"/> as a change of its user, in its transaction.
/// </summary>
public sealed class SqlSessionStore(SqlDatabase db, SqlUserChangeFeed changes) : ISessionStore
{
    internal const string Columns =
        "id, token_hash, user_id, installation_id, created_with_action, created_with_provider, expires_at, created_at, updated_at, authenticated_at";

    public Task CreateAsync(SessionRecord session, CancellationToken cancellationToken) => CreateAsync(session, null, cancellationToken);

    public async Task CreateAsync(SessionRecord session, IWriteBatch? alongWith, CancellationToken cancellationToken)
    {
        var insert = new SqlStatement(
            $"INSERT INTO sessions ({Columns}) VALUES (@id, @token_hash, @user_id, @installation_id, " +
            "@created_with_action, @created_with_provider, @expires_at, @created_at, @updated_at, @authenticated_at)",
            [
                ("id", session.Id), ("token_hash", session.TokenHash), ("user_id", session.UserId), ("installation_id", session.InstallationId),
                ("created_with_action", ActionOf(session.CreatedWith)), ("created_with_provider", session.CreatedWithProvider),
                ("expires_at", session.ExpiresAt.ToUnixMs()), ("created_at", session.CreatedAt.ToUnixMs()),
                ("updated_at", session.UpdatedAt.ToUnixMs()), ("authenticated_at", session.AuthenticatedAt.ToUnixMs()),
            ]);
        var waiting = alongWith is null ? null : SqlWriteBatch.Of(alongWith);
        var earlier = waiting?.Take() ?? [];
        bool replaced;
        try
        {
            if (session.InstallationId is null)
            {
                // Nothing to replace: the insert and the waiting writes in one atomic batch (one round trip on PostgreSQL).
                await db.WriteAtomicAsync([insert, .. earlier], cancellationToken);
                return;
            }
            replaced = await db.InTransactionAsync(async (connection, transaction) =>
            {
                // One session per user and installation, as Parse Server keeps it.
                var replaced = await connection.Command("DELETE FROM sessions WHERE user_id = @user_id AND installation_id = @installation_id", transaction)
                    .With("user_id", session.UserId).With("installation_id", session.InstallationId)
                    .ExecuteNonQueryAsync(cancellationToken) > 0;
                if (replaced) await changes.AnnounceAsync(connection, transaction, session.UserId, cancellationToken);
                // The waiting writes last: they may touch rows many requests share (the guard's counts), whose
                // locks are then held only for this round trip and the commit.
                await new SqlBatch(connection, transaction).AddRange([insert, .. earlier]).ExecuteNonQueryAsync(cancellationToken);
                return replaced;
            }, cancellationToken);
        }
        catch
        {
            // Not written: the waiting writes go back to their batch, for its owner to commit without the session.
            waiting?.Restore(earlier);
            throw;
        }
        if (replaced) changes.Raise(session.UserId);
    }

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

    public Task<SessionQueryResult> QueryAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            var (rows, count) = await SqlQueries.RunAsync(connection, db.Flavor, query, scope, Read, cancellationToken);
            return new SessionQueryResult(rows, count);
        }, cancellationToken);

    public async Task<bool> DeleteByIdAsync(string id, CancellationToken cancellationToken) =>
        await DeleteAnnouncedAsync("id = @value", id, exceptId: null, cancellationToken) > 0;

    public async Task<int> DeleteByUserAsync(string userId, string? exceptId, CancellationToken cancellationToken) =>
        exceptId is null
            ? await DeleteAnnouncedAsync("user_id = @value", userId, exceptId: null, cancellationToken)
            : await DeleteAnnouncedAsync("user_id = @value AND id <> @except_id", userId, exceptId, cancellationToken);

    public async Task<bool> DeleteByTokenHashAsync(string tokenHash, CancellationToken cancellationToken) =>
        await DeleteAnnouncedAsync("token_hash = @value", tokenHash, exceptId: null, cancellationToken) > 0;

    /// <summary>Deletes the matching sessions and announces their users; returns how many.</summary>
    private async Task<int> DeleteAnnouncedAsync(string condition, string value, string? exceptId, CancellationToken cancellationToken)
    {
        var users = await db.InTransactionAsync(async (connection, transaction) =>
        {
            var users = new List<string>();
            await using (var reader = await connection.Command($"DELETE FROM sessions WHERE {condition} RETURNING user_id", transaction)
                .With("value", value).With("except_id", exceptId).ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) users.Add(reader.GetString(0));
            }
            foreach (var user in users.Distinct(StringComparer.Ordinal)) await changes.AnnounceAsync(connection, transaction, user, cancellationToken);
            return users;
        }, cancellationToken);
        foreach (var user in users.Distinct(StringComparer.Ordinal)) changes.Raise(user);
        return users.Count;
    }

    /// <summary>Not announced: a cached session is checked against its expiry on every use.</summary>
    public Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(connection =>
            connection.Command("DELETE FROM sessions WHERE expires_at <= @now")
                .With("now", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    internal static SessionRecord Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        TokenHash = r.GetString(1),
        UserId = r.GetString(2),
        InstallationId = r.GetNullableString(3),
        CreatedWith = KindOf(r.GetNullableString(4)),
        CreatedWithProvider = r.GetNullableString(5),
        ExpiresAt = SqlCommands.FromUnixMs(r.GetInt64(6)),
        CreatedAt = SqlCommands.FromUnixMs(r.GetInt64(7)),
        UpdatedAt = SqlCommands.FromUnixMs(r.GetInt64(8)),
        AuthenticatedAt = SqlCommands.FromUnixMs(r.GetNullableInt64(9) ?? r.GetInt64(7)),
    };

    /// <summary>The column keeps Parse's own words for the kind ("signup", "login"), as sessions carry them on the wire.</summary>
    private static string? ActionOf(LoginKind? kind) => kind switch
    {
        LoginKind.SignUp => "signup",
        LoginKind.LogIn => "login",
        _ => null,
    };

    private static LoginKind? KindOf(string? action) => action switch
    {
        "signup" => LoginKind.SignUp,
        "login" => LoginKind.LogIn,
        _ => null,
    };
}
