using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// What the console shows and does about users, through the same core services as the APIs, always as the
/// master key: UserService (find, mark verified), SessionService (list, revoke), PasswordLogin (lockouts),
/// CodeLimits (phone locks). Nothing here touches a store.
/// </summary>
public sealed class ConsoleUsers(UserService users, SessionService sessions, PasswordLogin passwords, CodeLimits limits, PhoneParser phones)
{
    private const int PageSize = 50;

    /// <summary>
    /// The newest users, or those matching <paramref name="search"/>: an object id, a username, a whole phone
    /// number (in any form the API accepts) or its last digits (at least 3).
    /// </summary>
    public async Task<IReadOnlyList<UserRecord>> FindAsync(string? search, RequestContext master, CancellationToken cancellationToken)
    {
        var text = search?.Trim() ?? "";
        var query = new ObjectQuery
        {
            ClassName = ClassNames.User,
            Order = [new OrderKey(FieldPath.Of(DataFields.CreatedAt), Descending: true)],
            Limit = PageSize,
        };
        if (text.Length == 0) return (await users.QueryAsync(query, master, cancellationToken)).Users;

        var anyOf = new List<Condition>
        {
            new Comparison(FieldPath.Of(DataFields.Id), Comparator.Equal, JsonValue.Create(text)),
            new Comparison(FieldPath.Of("username"), Comparator.Equal, JsonValue.Create(text)),
        };
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (digits.Length >= 3 && text.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
        {
            // The last digits; a whole number typed with its country code ends the same way.
            anyOf.Add(new Matches(FieldPath.Of("phone"), Regex.Escape(digits) + "$", ""));
            if (phones.TryRead(text, out var phone)) anyOf.Add(new Comparison(FieldPath.Of("phone"), Comparator.Equal, JsonValue.Create(phone.E164)));
        }
        return (await users.QueryAsync(query with { Where = new AnyOf(anyOf) }, master, cancellationToken)).Users;
    }

    public async Task<UserDetails> DetailsAsync(string id, RequestContext master, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(id, master, cancellationToken);
        var found = await sessions.QueryAsync(new ObjectQuery
        {
            ClassName = ClassNames.Session,
            Where = new Comparison(FieldPath.Of("user"), Comparator.Equal, new JsonObject { ["__type"] = "Pointer", ["className"] = ClassNames.User, ["objectId"] = user.Id }),
            Order = [new OrderKey(FieldPath.Of(DataFields.CreatedAt), Descending: true)],
            Limit = 100,
        }, master, cancellationToken);
        var locks = user.Phone is { } e164 ? await limits.LocksOfAsync(phones.Stored(e164), master, cancellationToken) : [];
        return new UserDetails(user, found.Sessions, locks, SignUpMethod(user, found.Sessions), LastLogin(found.Sessions));
    }

    public Task RevokeSessionAsync(string sessionId, RequestContext master, CancellationToken cancellationToken) =>
        sessions.DeleteAsync(sessionId, master, cancellationToken);

    public Task ClearLockoutAsync(string userId, RequestContext master, CancellationToken cancellationToken) =>
        passwords.ClearLockoutAsync(userId, master, cancellationToken);

    public async Task ClearPhoneLocksAsync(string userId, RequestContext master, CancellationToken cancellationToken)
    {
        var user = await users.GetAsync(userId, master, cancellationToken);
        if (user.Phone is { } e164) await limits.ClearLocksAsync(phones.Stored(e164), master, cancellationToken);
    }

    public Task MarkPhoneVerifiedAsync(string userId, RequestContext master, CancellationToken cancellationToken) =>
        users.UpdateAsync(userId, new UserChanges { PhoneVerified = true }, master, cancellationToken);

    /// <summary>
    /// How the user signed up: the provider of the session its sign-up made, while that session lasts; else what
    /// the account holds (an authData provider, a password, a phone), which is how it could have begun.
    /// </summary>
    private static string SignUpMethod(UserRecord user, IReadOnlyList<SessionRecord> sessions) =>
        sessions.Where(s => s.CreatedWith == LoginKind.SignUp).MinBy(s => s.CreatedAt)?.CreatedWithProvider
        ?? (user.AuthData is { Count: > 0 } authData ? string.Join(", ", authData.Select(p => p.Key))
            : user.PasswordHash is not null ? "password"
            : user.Phone is not null ? "phone"
            : "unknown");

    /// <summary>The newest login or sign-up among the user's live sessions.</summary>
    private static DateTimeOffset? LastLogin(IReadOnlyList<SessionRecord> sessions) =>
        sessions.Count == 0 ? null : sessions.Max(s => s.AuthenticatedAt);
}

/// <summary>One user as the console shows it.</summary>
public sealed record UserDetails(UserRecord User, IReadOnlyList<SessionRecord> Sessions, IReadOnlyList<PhoneLockStatus> PhoneLocks,
    string SignUpMethod, DateTimeOffset? LastLogin);
