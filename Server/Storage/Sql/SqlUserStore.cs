using System.Data.Common;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>Users in the <c>users</c> table. Unique indexes decide every uniqueness race.</summary>
public sealed class SqlUserStore(SqlDatabase db) : IUserStore
{
    private const string Columns =
        "id, username, email, email_verified, phone, phone_verified, password_hash, auth_data, fields, acl, " +
        "failed_logins, lockout_until, created_at, updated_at, version";

    public Task<UserRecord?> FindByIdAsync(string id, CancellationToken cancellationToken) =>
        FindOneAsync("id = @value", id, cancellationToken);

    public Task<UserRecord?> FindByPhoneAsync(string phone, CancellationToken cancellationToken) =>
        FindOneAsync("phone = @value", phone, cancellationToken);

    public Task CreateAsync(UserRecord user, CancellationToken cancellationToken) =>
        WriteAsync(connection => connection.Command(
                $"INSERT INTO users ({Columns}, username_lower, email_lower) VALUES " +
                $"(@id, @username, @email, @email_verified, @phone, @phone_verified, @password_hash, {Json("@auth_data")}, " +
                $"{Json("@fields")}, {Json("@acl")}, @failed_logins, @lockout_until, @created_at, @updated_at, @version, " +
                "@username_lower, @email_lower)")
            .WithUser(user)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    private string Json(string parameter) => db.Dialect.JsonParameter(parameter);

    private Task<UserRecord?> FindOneAsync(string condition, string value, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command($"SELECT {Columns} FROM users WHERE {condition}")
                .With("value", value).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    /// <summary>Runs a write and turns a unique violation into the matching "taken" error.</summary>
    private async Task<int> WriteAsync(Func<DbConnection, Task<int>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await db.RunAsync(write, cancellationToken);
        }
        catch (DbException ex) when (db.Dialect.UniqueViolation(ex) is { } target)
        {
            throw new PhoneAuthException(TakenError(target), $"Unique violation on {target}");
        }
    }

    private static AuthError TakenError(string target) =>
        target.Contains("phone", StringComparison.OrdinalIgnoreCase) ? AuthError.PhoneNumberTaken
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
        .With("failed_logins", user.FailedLoginCount)
        .With("lockout_until", user.LockoutUntil?.ToUnixMs())
        .With("created_at", user.CreatedAt.ToUnixMs())
        .With("updated_at", user.UpdatedAt.ToUnixMs())
        .With("version", user.Version);
}
