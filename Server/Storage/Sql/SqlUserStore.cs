using System.Data.Common;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Storage.Sql.Query;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Users in the <c>users</c> table, their authData identities in <c>user_auth_ids</c>. Unique indexes
/// decide every uniqueness race; updates are conditional on the version read. Every write to an existing
/// user is announced on the <see cref="SqlUserChangeFeed"/>, in its transaction.
/// </summary>
public sealed class SqlUserStore(SqlDatabase db, SqlUserChangeFeed changes) : IUserStore
{
    internal const string Columns =
        "id, username, email, email_verified, phone, phone_verified, password_hash, auth_data, fields, acl, " +
        "failed_logins, lockout_until, created_at, updated_at, version";

    public Task<UserRecord?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        FindOneAsync("id = @value", id, cancellationToken);

    public Task<UserRecord?> FindByPhoneAsync(string phone, CancellationToken cancellationToken) =>
        FindOneAsync("phone = @value", phone, cancellationToken);

    public Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken) =>
        FindOneAsync("username_lower = @value", username.ToLowerInvariant(), cancellationToken);

    public Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        FindOneAsync("email_lower = @value", email.ToLowerInvariant(), cancellationToken);

    public Task<UserRecord?> FindByAuthDataAsync(string provider, string providerId, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command(
                    $"SELECT {Prefixed("u")} FROM users u JOIN user_auth_ids a ON a.user_id = u.id " +
                    "WHERE a.provider = @provider AND a.provider_id = @provider_id")
                .With("provider", provider).With("provider_id", providerId).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    public Task CreateAsync(UserRecord user, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await connection.Command(
                    $"INSERT INTO users ({Columns}, username_lower, email_lower, public_read) VALUES " +
                    $"(@id, @username, @email, @email_verified, @phone, @phone_verified, @password_hash, {Json("@auth_data")}, " +
                    $"{Json("@fields")}, {Json("@acl")}, @failed_logins, @lockout_until, @created_at, @updated_at, @version, " +
                    "@username_lower, @email_lower, @public_read)", transaction)
                .WithUser(user)
                .ExecuteNonQueryAsync(cancellationToken);
            await InsertAuthIdsAsync(connection, transaction, user, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<bool> UpdateAsync(UserRecord user, long expectedVersion, CancellationToken cancellationToken)
    {
        var updated = await WriteAsync(async (connection, transaction) =>
        {
            var updated = await connection.Command(
                    "UPDATE users SET username = @username, username_lower = @username_lower, email = @email, email_lower = @email_lower, " +
                    "email_verified = @email_verified, phone = @phone, phone_verified = @phone_verified, password_hash = @password_hash, " +
                    $"auth_data = {Json("@auth_data")}, fields = {Json("@fields")}, acl = {Json("@acl")}, public_read = @public_read, " +
                    "failed_logins = @failed_logins, lockout_until = @lockout_until, updated_at = @updated_at, version = @version " +
                    "WHERE id = @id AND version = @expected_version", transaction)
                .WithUser(user).With("expected_version", expectedVersion)
                .ExecuteNonQueryAsync(cancellationToken);
            if (updated == 0) return false;
            await connection.Command("DELETE FROM user_auth_ids WHERE user_id = @id", transaction).With("id", user.Id).ExecuteNonQueryAsync(cancellationToken);
            await InsertAuthIdsAsync(connection, transaction, user, cancellationToken);
            await changes.AnnounceAsync(connection, transaction, user.Id, cancellationToken);
            return true;
        }, cancellationToken);
        if (updated) changes.Raise(user.Id);
        return updated;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await db.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.Command("DELETE FROM user_auth_ids WHERE user_id = @id", transaction).With("id", id).ExecuteNonQueryAsync(cancellationToken);
            if (await connection.Command("DELETE FROM users WHERE id = @id", transaction).With("id", id).ExecuteNonQueryAsync(cancellationToken) == 0) return false;
            await changes.AnnounceAsync(connection, transaction, id, cancellationToken);
            return true;
        }, cancellationToken);
        if (deleted) changes.Raise(id);
        return deleted;
    }

    public Task<UserQueryResult> QueryAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            var (users, count) = await SqlQueries.RunAsync(connection, db.Flavor, query, scope, Read, cancellationToken);
            return new UserQueryResult(users, count);
        }, cancellationToken);

    public async Task<(int Count, DateTimeOffset? LockoutUntil)> RecordFailedLoginAsync(string id, DateTimeOffset now, int threshold, TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = await db.InTransactionAsync(async (connection, transaction) =>
        {
            // One statement counts the failure and, at the threshold with no lock running, starts the lock.
            (int, DateTimeOffset?)? counted = null;
            await using (var reader = await connection.Command(
                    "UPDATE users SET failed_logins = failed_logins + 1, " +
                    "lockout_until = CASE WHEN failed_logins + 1 >= @threshold AND (lockout_until IS NULL OR lockout_until <= @now) " +
                    "THEN @until ELSE lockout_until END WHERE id = @id RETURNING failed_logins, lockout_until", transaction)
                .With("threshold", threshold).With("now", now.ToUnixMs()).With("until", (now + duration).ToUnixMs()).With("id", id)
                .ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                    counted = (reader.GetInt32(0), reader.GetNullableInt64(1) is { } until ? SqlCommands.FromUnixMs(until) : null);
            }
            if (counted is not null) await changes.AnnounceAsync(connection, transaction, id, cancellationToken);
            return counted;
        }, cancellationToken);
        if (result is null) return (0, null);
        changes.Raise(id);
        return result.Value;
    }

    public async Task ResetFailedLoginsAsync(string id, CancellationToken cancellationToken)
    {
        var reset = await db.InTransactionAsync(async (connection, transaction) =>
        {
            var rows = await connection.Command("UPDATE users SET failed_logins = 0, lockout_until = NULL WHERE id = @id AND (failed_logins <> 0 OR lockout_until IS NOT NULL)", transaction)
                .With("id", id).ExecuteNonQueryAsync(cancellationToken);
            if (rows > 0) await changes.AnnounceAsync(connection, transaction, id, cancellationToken);
            return rows > 0;
        }, cancellationToken);
        if (reset) changes.Raise(id);
    }

    private string Json(string parameter) => db.Flavor.JsonParameter(parameter);

    internal static string Prefixed(string alias) => string.Join(", ", Columns.Split(", ").Select(c => alias + "." + c));

    private static async Task InsertAuthIdsAsync(DbConnection connection, DbTransaction transaction, UserRecord user, CancellationToken cancellationToken)
    {
        foreach (var (provider, data) in user.AuthData ?? [])
        {
            if (AuthDataIds.IdOf(data as JsonObject) is not { } providerId) continue;
            await connection.Command("INSERT INTO user_auth_ids (provider, provider_id, user_id) VALUES (@provider, @provider_id, @user_id)", transaction)
                .With("provider", provider).With("provider_id", providerId).With("user_id", user.Id)
                .ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private Task<UserRecord?> FindOneAsync(string condition, string value, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command($"SELECT {Columns} FROM users WHERE {condition}")
                .With("value", value).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    /// <summary>Runs a write in a transaction and turns a unique violation into the matching "taken" error.</summary>
    private async Task<bool> WriteAsync(Func<DbConnection, DbTransaction, Task<bool>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await db.InTransactionAsync(write, cancellationToken);
        }
        catch (DbException ex) when (db.Flavor.UniqueViolation(ex) is { } target)
        {
            throw new PhoneAuthException(TakenError(target), $"Unique violation on {target}");
        }
    }

    private static AuthError TakenError(string target) =>
        target.Contains("auth", StringComparison.OrdinalIgnoreCase) ? AuthError.AuthDataTaken
        : target.Contains("phone", StringComparison.OrdinalIgnoreCase) ? AuthError.PhoneNumberTaken
        : target.Contains("email", StringComparison.OrdinalIgnoreCase) ? AuthError.EmailTaken
        : target.Contains("username", StringComparison.OrdinalIgnoreCase) ? AuthError.UsernameTaken
        : throw new InvalidOperationException($"Unexpected unique violation on {target}.");

    internal static UserRecord Read(DbDataReader r) => new()
    {
        Id = r.GetString(0),
        Username = r.GetString(1),
        Email = r.GetNullableString(2),
        EmailVerified = r.IsDBNull(3) ? null : r.GetBoolean(3),
        Phone = r.GetNullableString(4),
        PhoneVerified = r.GetBoolean(5),
        PasswordHash = r.GetNullableString(6),
        AuthData = ParseObject(r.GetNullableString(7)),
        Fields = ParseObject(r.GetNullableString(8)) ?? [],
        Acl = ParseObject(r.GetNullableString(9)),
        FailedLoginCount = r.GetInt32(10),
        LockoutUntil = r.GetNullableInt64(11) is { } lockout ? SqlCommands.FromUnixMs(lockout) : null,
        CreatedAt = SqlCommands.FromUnixMs(r.GetInt64(12)),
        UpdatedAt = SqlCommands.FromUnixMs(r.GetInt64(13)),
        Version = r.GetInt64(14),
    };

    private static JsonObject? ParseObject(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;
}

internal static class UserParameters
{
    public static DbCommand WithUser(this DbCommand command, UserRecord user) => command
        .With("id", user.Id)
        .With("username", user.Username)
        .With("username_lower", user.Username.ToLowerInvariant())
        .With("email", user.Email)
        .With("email_lower", user.Email?.ToLowerInvariant())
        .With("email_verified", user.EmailVerified)
        .With("phone", user.Phone)
        .With("phone_verified", user.PhoneVerified)
        .With("password_hash", user.PasswordHash)
        .With("auth_data", user.AuthData?.ToJsonString())
        .With("fields", user.Fields.ToJsonString())
        .With("acl", user.Acl?.ToJsonString())
        .With("public_read", user.IsPublic)
        .With("failed_logins", user.FailedLoginCount)
        .With("lockout_until", user.LockoutUntil?.ToUnixMs())
        .With("created_at", user.CreatedAt.ToUnixMs())
        .With("updated_at", user.UpdatedAt.ToUnixMs())
        .With("version", user.Version);
}
