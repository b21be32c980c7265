using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// The ordinary Parse user model: sign-up (password or authData), read, update, delete and query,
/// with Parse Server's permissions. Every user creation and update, whatever flow starts it, passes
/// through <see cref="CreateAsync"/> or <see cref="UpdateAsync"/>, so triggers always run.
/// </summary>
public sealed class UserService(
    IUserStore users,
    SessionService sessions,
    IPasswordHasher hasher,
    AuthProviders providers,
    TriggerRunner triggers,
    RecordLimits limits,
    QueryGuard guard,
    Viewers viewers,
    SchemaService schemas,
    TimeProvider time,
    IOptions<UsersOptions> options,
    PhoneParser phones,
    IOptions<DataOptions> dataOptions,
    ILogger<UserService> logger)
{
    private const int MaxWriteAttempts = 5;

    /// <summary>
    /// POST /users: a sign-up with username and password, or with authData. When the authData already
    /// belongs to a user this is that user's login instead (<see cref="SignUpResult.Created"/> false).
    /// </summary>
    public async Task<SignUpResult> SignUpAsync(UserChanges changes, RequestContext caller, CancellationToken cancellationToken)
    {
        var authData = await providers.ValidateAsync(changes.AuthData, caller, cancellationToken);
        var identities = authData.Where(p => p.Value is not null).ToList();
        if (identities.Count == 0)
        {
            if (string.IsNullOrEmpty(changes.Username)) throw new PhoneAuthException(AuthError.UsernameMissing);
            if (string.IsNullOrEmpty(changes.Password)) throw new PhoneAuthException(AuthError.PasswordMissing);
        }
        else if (await FindLinkedUserAsync(identities, cancellationToken) is { } existing)
        {
            await triggers.BeforeLoginAsync(existing, caller, cancellationToken);
            var login = await sessions.CreateAsync(existing, caller.InstallationId, LoginKind.LogIn, ProviderNames(identities), cancellationToken);
            return new SignUpResult(existing, login, Created: false, GeneratedUsername: false, new HashSet<string>());
        }

        var now = time.GetUtcNow();
        // The client's username is applied, and checked, by the writer like any other change.
        var blank = new UserRecord { Id = ObjectIds.New(), Username = RandomUsername(), CreatedAt = now, UpdatedAt = now, Version = 1 };
        var (draft, _) = UserWriter.Apply(blank, changes, authData, caller.IsMaster, hasher, phones);
        var (user, changedByTrigger) = await CreateWithTriggersAsync(draft, caller, cancellationToken);
        var provider = identities.Count > 0 ? ProviderNames(identities) : LoginProviders.Password;
        var session = await sessions.CreateAsync(user, caller.InstallationId, LoginKind.SignUp, provider, cancellationToken);
        return new SignUpResult(user, session, Created: true, GeneratedUsername: changes.Username is null, changedByTrigger);
    }

    /// <summary>
    /// What a phone sign-up's client may set on its new account, applied to the draft: username,
    /// password, email and custom fields, under the same rules as a sign-up. The phone and the
    /// verified flags come from the code, and identities from authData flows.
    /// </summary>
    public UserRecord ApplyProfile(UserRecord draft, UserChanges profile, RequestContext caller)
    {
        if (profile.Phone is not null || profile.PhoneVerified is not null) throw new PhoneAuthException(AuthError.FieldNotWritable) { Args = ["phone"] };
        if (profile.AuthData.Count > 0) throw new PhoneAuthException(AuthError.FieldNotWritable) { Args = ["authData"] };
        return UserWriter.Apply(draft, profile, new Dictionary<string, JsonObject?>(), caller.IsMaster, hasher, phones).User;
    }

    /// <summary>Stores a new user, with the beforeSave and afterSave triggers around the write.</summary>
    public async Task<UserRecord> CreateAsync(UserRecord draft, RequestContext caller, CancellationToken cancellationToken) =>
        (await CreateWithTriggersAsync(draft, caller, cancellationToken)).User;

    private async Task<(UserRecord User, IReadOnlySet<string> ChangedByTrigger)> CreateWithTriggersAsync(
        UserRecord draft, RequestContext caller, CancellationToken cancellationToken)
    {
        var (user, changedByTrigger) = await triggers.BeforeSaveAsync(draft, null, caller, cancellationToken);
        CheckSize(user);
        await users.CreateAsync(user, cancellationToken);
        logger.LogInformation(LogEvents.UserCreated, "User {UserId} created", user.Id);
        await triggers.AfterSaveAsync(user, null, caller, cancellationToken);
        return (user, changedByTrigger);
    }

    /// <summary>A user the caller may read (itself, a publicly readable user, or any with the master key); else 101.</summary>
    public async Task<UserRecord> GetAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id, cancellationToken);
        return user is not null && CanRead(user, caller) ? user : throw new PhoneAuthException(AuthError.ObjectNotFound);
    }

    /// <summary>
    /// Updates a user. Only the user itself or the master key may; concurrent writes are retried on the
    /// fresh record, so operators such as Increment are never lost. A user's own password change ends
    /// all their sessions and returns a new token.
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(string id, UserChanges changes, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster && caller.User is null) throw new PhoneAuthException(AuthError.SessionMissing, $"Cannot modify user {id}.");
        if (!caller.IsMaster && caller.User!.Id != id) throw new PhoneAuthException(AuthError.SessionMissing, "Insufficient auth.");
        var authData = await providers.ValidateAsync(changes.AuthData, caller, cancellationToken);

        var (user, passwordChanged, changedByTrigger) = await WriteAsync(id, caller, async original =>
        {
            await CheckAuthDataFreeAsync(authData, id, cancellationToken);
            return UserWriter.Apply(original, changes, authData, caller.IsMaster, hasher, phones);
        }, cancellationToken);
        var token = passwordChanged ? await RevokeSessionsAfterPasswordChangeAsync(user, caller, cancellationToken) : null;
        return new UpdateResult(user, token, changedByTrigger);
    }

    /// <summary>
    /// Applies a change a core flow has already authorised (a phone proven by a code, a password reset by
    /// SMS): the same triggers and optimistic concurrency as any update, without the rules on what
    /// clients may write. Then ends the sessions the change names.
    /// </summary>
    internal async Task<UserRecord> UpdateVerifiedAsync(string id, VerifiedChange change, RequestContext caller, CancellationToken cancellationToken)
    {
        var (user, _, _) = await WriteAsync(id, caller, original => Task.FromResult((change.Apply(original), change.PasswordChanged)), cancellationToken);
        var keep = change.Revoke == SessionRevocation.OtherSessions && caller.User?.Id == id ? caller.Session?.Session.Id : null;
        if (change.Revoke != SessionRevocation.None) await sessions.EndSessionsAsync(id, keep, change.Reason, cancellationToken);
        return user;
    }

    /// <summary>The update loop: read, apply, beforeSave, conditional write; retried when another write came first.</summary>
    private async Task<(UserRecord User, bool PasswordChanged, IReadOnlySet<string> ChangedByTrigger)> WriteAsync(
        string id, RequestContext caller, Func<UserRecord, Task<(UserRecord User, bool PasswordChanged)>> apply, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var original = await users.FindByIdAsync(id, cancellationToken) ?? throw new PhoneAuthException(AuthError.ObjectNotFound);
            var (changed, passwordChanged) = await apply(original);
            changed = changed with { UpdatedAt = time.GetUtcNow(), Version = original.Version + 1 };
            if (passwordChanged && options.Value.AccountLockout.UnlockOnPasswordReset) changed = changed with { FailedLoginCount = 0, LockoutUntil = null };
            (changed, var changedByTrigger) = await triggers.BeforeSaveAsync(changed, original, caller, cancellationToken);
            CheckSize(changed);

            if (await users.UpdateAsync(changed, original.Version, cancellationToken))
            {
                await triggers.AfterSaveAsync(changed, original, caller, cancellationToken);
                return (changed, passwordChanged, changedByTrigger);
            }
            if (attempt == MaxWriteAttempts)
                throw new StorageException($"User {id} kept changing during {MaxWriteAttempts} update attempts.", isTransient: true);
        }
    }

    /// <summary>Deletes a user and their sessions. Only the user itself or the master key may.</summary>
    public async Task DeleteAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster && caller.User?.Id != id) throw new PhoneAuthException(AuthError.DeleteNotAllowed);
        if (!await users.DeleteAsync(id, cancellationToken)) throw new PhoneAuthException(AuthError.ObjectNotFound);
        await sessions.EndSessionsAsync(id, keepSessionId: null, "the user was deleted", cancellationToken);
        logger.LogInformation(LogEvents.UserDeleted, "User {UserId} deleted", id);
    }

    /// <summary>
    /// Runs a query on _User as the caller: without the master key, only users it may read, never by
    /// private fields (<see cref="UserPrivacy"/>), within the same bounds as every other query.
    /// </summary>
    public async Task<UserQueryResult> QueryAsync(ObjectQuery query, RequestContext caller, CancellationToken cancellationToken)
    {
        guard.Check(query);
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        var restricted = UserPrivacy.Restrict(query, viewer) with { Limit = Math.Clamp(query.Limit, 0, dataOptions.Value.MaxQueryLimit), Skip = Math.Max(0, query.Skip) };
        var scope = await schemas.ScopeAsync(restricted, viewer, cancellationToken);
        return await users.QueryAsync(restricted, scope, cancellationToken);
    }

    /// <summary>Every user write passes here, after its operators and triggers, before the store.</summary>
    private void CheckSize(UserRecord user) =>
        limits.Check([user.Username, user.Email, user.Phone, user.PasswordHash], [user.Fields, user.Acl, user.AuthData]);

    /// <summary>The master key and the user itself read everything; others only a user whose ACL grants public read.</summary>
    public static bool CanRead(UserRecord user, RequestContext caller) =>
        caller.IsMaster || caller.User?.Id == user.Id || user.IsPublic;

    /// <summary>Whether a user's own private fields (email, phone, authData) may be shown to the caller.</summary>
    public static bool SeesPrivateFields(UserRecord user, RequestContext caller) => caller.IsMaster || caller.User?.Id == user.Id;

    private async Task<string?> RevokeSessionsAfterPasswordChangeAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!options.Value.RevokeSessionOnPasswordReset) return null;
        await sessions.EndSessionsAsync(user.Id, keepSessionId: null, "the user changed the password", cancellationToken);
        if (caller.IsMaster || caller.User?.Id != user.Id || caller.Session is not { } previous) return null;
        return (await sessions.ReissueAsync(user, previous.Session with { InstallationId = caller.InstallationId }, cancellationToken)).Token;
    }

    /// <summary>The one user linked to any of these identities; 208 if they belong to different users.</summary>
    private async Task<UserRecord?> FindLinkedUserAsync(List<KeyValuePair<string, JsonObject?>> identities, CancellationToken cancellationToken)
    {
        UserRecord? found = null;
        foreach (var (provider, data) in identities)
        {
            var user = await users.FindByAuthDataAsync(provider, AuthDataIds.IdOf(data)!, cancellationToken);
            if (user is null) continue;
            if (found is not null && found.Id != user.Id) throw new PhoneAuthException(AuthError.AuthDataTaken);
            found = user;
        }
        return found;
    }

    private async Task CheckAuthDataFreeAsync(IReadOnlyDictionary<string, JsonObject?> authData, string userId, CancellationToken cancellationToken)
    {
        foreach (var (provider, data) in authData)
        {
            if (data is null) continue;
            var owner = await users.FindByAuthDataAsync(provider, AuthDataIds.IdOf(data)!, cancellationToken);
            if (owner is not null && owner.Id != userId) throw new PhoneAuthException(AuthError.AuthDataTaken);
        }
    }

    private static string ProviderNames(IEnumerable<KeyValuePair<string, JsonObject?>> identities) =>
        string.Join(",", identities.Select(p => p.Key).Order(StringComparer.Ordinal));

    /// <summary>A 25-character username for users made from authData, as Parse Server makes them.</summary>
    private static string RandomUsername() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 25);
}

/// <param name="User">The user.</param>
/// <param name="Session">Its new session.</param>
/// <param name="Created">False when authData logged in an existing user.</param>
/// <param name="GeneratedUsername">True when the server chose the username (clients need it back).</param>
/// <param name="ChangedByTrigger">Custom fields a beforeSave trigger changed (clients need them back).</param>
public sealed record SignUpResult(UserRecord User, IssuedSession Session, bool Created, bool GeneratedUsername, IReadOnlySet<string> ChangedByTrigger);

/// <summary>Which sessions a verified change ends.</summary>
internal enum SessionRevocation { None, OtherSessions, AllSessions }

/// <summary>A change a core flow has authorised, and what it does to the user's sessions.</summary>
/// <param name="Apply">The change, applied to the stored user.</param>
/// <param name="Revoke">Which sessions end after it.</param>
/// <param name="Reason">Why they end, for the log.</param>
/// <param name="PasswordChanged">Whether it sets a new password (a lockout may end with it).</param>
internal sealed record VerifiedChange(Func<UserRecord, UserRecord> Apply, SessionRevocation Revoke, string Reason, bool PasswordChanged = false);

/// <param name="User">The user as stored.</param>
/// <param name="NewSessionToken">After the user's own password change: its new token.</param>
/// <param name="ChangedByTrigger">Custom fields a beforeSave trigger changed (clients need them back).</param>
public sealed record UpdateResult(UserRecord User, string? NewSessionToken, IReadOnlySet<string> ChangedByTrigger);
