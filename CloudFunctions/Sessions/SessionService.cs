using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Sessions;

/// <summary>Issues, resolves, lists and revokes sessions.</summary>
public sealed class SessionService(
    ISessionStore sessions,
    IUserStore users,
    SessionCache cache,
    TriggerRunner triggers,
    QueryGuard guard,
    Viewers viewers,
    SchemaService schemas,
    TimeProvider time,
    IOptions<SessionOptions> options,
    IOptions<DataOptions> dataOptions,
    ILogger<SessionService> logger)
{
    /// <summary>Creates a session for <paramref name="user"/>, who just proved who they are; the token is returned once and never stored.</summary>
    public Task<IssuedSession> CreateAsync(
        UserRecord user, string? installationId, LoginKind kind, string provider, CancellationToken cancellationToken) =>
        CreateAsync(user, installationId, kind, provider, authenticatedAt: null, expiresAt: null, cancellationToken);

    /// <summary>As <see cref="CreateAsync(UserRecord, string?, LoginKind, string, CancellationToken)"/>, writing the session with the writes waiting in <paramref name="alongWith"/>.</summary>
    public Task<IssuedSession> CreateAsync(
        UserRecord user, string? installationId, LoginKind kind, string provider, IWriteBatch? alongWith, CancellationToken cancellationToken) =>
        CreateAsync(user, installationId, kind, provider, authenticatedAt: null, expiresAt: null, cancellationToken, alongWith);

    /// <summary>
    /// A new session in place of <paramref name="previous"/> without a new login (after the user's own
    /// password change): it keeps the time the previous one was authenticated, so that a stolen token
    /// cannot pass for a recent login by changing the password.
    /// </summary>
    public Task<IssuedSession> ReissueAsync(UserRecord user, SessionRecord previous, CancellationToken cancellationToken) =>
        CreateAsync(user, previous.InstallationId, LoginKind.LogIn, LoginProviders.Password, previous.AuthenticatedAt, expiresAt: null, cancellationToken);

    private async Task<IssuedSession> CreateAsync(UserRecord user, string? installationId, LoginKind kind, string provider,
        DateTimeOffset? authenticatedAt, DateTimeOffset? expiresAt, CancellationToken cancellationToken, IWriteBatch? alongWith = null)
    {
        var now = time.GetUtcNow();
        var token = SessionTokens.New();
        var session = new SessionRecord
        {
            Id = ObjectIds.New(),
            TokenHash = SessionTokens.Hash(token),
            UserId = user.Id,
            InstallationId = string.IsNullOrEmpty(installationId) ? null : installationId,
            CreatedWith = kind,
            CreatedWithProvider = provider,
            ExpiresAt = expiresAt ?? now + options.Value.Lifetime,
            CreatedAt = now,
            UpdatedAt = now,
            AuthenticatedAt = authenticatedAt ?? now,
        };
        await sessions.CreateAsync(session, alongWith, cancellationToken);
        return new IssuedSession(token, session, user);
    }

    /// <summary>
    /// Finds the live session and its user for a token, or throws SessionInvalid (unknown, revoked,
    /// user deleted) or SessionExpired.
    /// </summary>
    public async Task<ResolvedSession> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var tokenHash = SessionTokens.Hash(token);
        var resolved = cache.Find(tokenHash);
        if (resolved is null)
        {
            var readStart = cache.BeginRead();
            var session = await sessions.FindByTokenHashAsync(tokenHash, cancellationToken)
                ?? throw new PhoneAuthException(AuthError.SessionInvalid);
            var user = await users.FindByIdAsync(session.UserId, cancellationToken)
                ?? throw new PhoneAuthException(AuthError.SessionInvalid, "The session's user was deleted.");
            resolved = new ResolvedSession(session, user);
            cache.Store(tokenHash, resolved, readStart);
        }
        if (resolved.Session.ExpiresAt <= time.GetUtcNow()) throw new PhoneAuthException(AuthError.SessionExpired);
        return resolved;
    }

    /// <summary>
    /// A new token in place of the old one (LeanCloud's refreshSessionToken), the old one revoked at once.
    /// The user itself replaces the session it presented: the old one is deleted first, and only the
    /// refresh that deleted it gets a new one (two refreshes of one token leave one live token, not two);
    /// the new one keeps that session's login time, expiry and provider, so a refresh never passes for a
    /// recent login, nor keeps a stolen token alive past the session's lifetime. The master key ends
    /// every session of the user and issues one.
    /// </summary>
    public async Task<IssuedSession> RefreshAsync(string userId, RequestContext caller, CancellationToken cancellationToken)
    {
        if (caller.IsMaster)
        {
            var user = await users.FindByIdAsync(userId, cancellationToken) ?? throw new PhoneAuthException(AuthError.ObjectNotFound);
            await EndSessionsAsync(userId, keepSessionId: null, "its session token was refreshed with the master key", cancellationToken);
            return await CreateAsync(user, caller.InstallationId, LoginKind.LogIn, LoginProviders.MasterKey, cancellationToken);
        }
        if (caller.Session is not { } current || current.User.Id != userId)
            throw new PhoneAuthException(AuthError.SessionMissing, $"Only user {userId}'s own session or the master key may refresh its token.");
        if (!await sessions.DeleteByIdAsync(current.Session.Id, cancellationToken))
            throw new PhoneAuthException(AuthError.SessionInvalid); // another refresh, a logout or a revocation ended it first
        var old = current.Session;
        var issued = await CreateAsync(current.User, old.InstallationId, old.CreatedWith ?? LoginKind.LogIn, old.CreatedWithProvider ?? LoginProviders.Password, old.AuthenticatedAt, old.ExpiresAt, cancellationToken);
        logger.LogInformation(LogEvents.SessionRevoked, "Session {SessionId} of user {UserId} replaced by a refreshed one", current.Session.Id, userId);
        return issued;
    }

    /// <summary>Logout: deletes the caller's session, then runs afterLogout. Without a session, nothing happens.</summary>
    public async Task LogOutAsync(RequestContext caller, CancellationToken cancellationToken)
    {
        if (caller.Session is not { } current) return;
        if (await sessions.DeleteByIdAsync(current.Session.Id, cancellationToken))
        {
            logger.LogInformation(LogEvents.SessionRevoked, "Session {SessionId} of user {UserId} ended by logout", current.Session.Id, current.User.Id);
            await triggers.AfterLogoutAsync(current.Session, current.User, caller, cancellationToken);
        }
    }

    /// <summary>
    /// Runs a query on the caller's own sessions (everyone's with the master key), oldest first unless
    /// the query orders them otherwise, as Parse Server answers.
    /// </summary>
    public async Task<SessionQueryResult> QueryAsync(ObjectQuery query, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) OwnerOf(caller);
        guard.Check(query);
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        var restricted = UserPrivacy.Restrict(query, viewer) with { Limit = Math.Clamp(query.Limit, 0, dataOptions.Value.MaxQueryLimit), Skip = Math.Max(0, query.Skip) };
        return await sessions.QueryAsync(restricted, await schemas.ScopeAsync(restricted, viewer, cancellationToken), cancellationToken);
    }

    /// <summary>A session the caller owns (or any, with the master key); else 101.</summary>
    public async Task<SessionRecord> GetAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var owner = caller.IsMaster ? null : OwnerOf(caller);
        var session = await sessions.FindByIdAsync(id, cancellationToken);
        return session is not null && (owner is null || session.UserId == owner) ? session : throw new PhoneAuthException(AuthError.ObjectNotFound);
    }

    /// <summary>Deletes a session the caller owns (or any, with the master key).</summary>
    public async Task DeleteAsync(string id, RequestContext caller, CancellationToken cancellationToken)
    {
        var session = await GetAsync(id, caller, cancellationToken);
        await sessions.DeleteByIdAsync(session.Id, cancellationToken);
        logger.LogInformation(LogEvents.SessionRevoked, "Session {SessionId} of user {UserId} deleted", session.Id, session.UserId);
    }

    /// <summary>
    /// Ends every session of <paramref name="userId"/> but <paramref name="keepSessionId"/> (the caller's,
    /// when a change leaves it standing), on every process at once; returns how many ended. The one way
    /// sessions end besides logout, deletion and expiry.
    /// </summary>
    public async Task<int> EndSessionsAsync(string userId, string? keepSessionId, string reason, CancellationToken cancellationToken)
    {
        var ended = await sessions.DeleteByUserAsync(userId, keepSessionId, cancellationToken);
        logger.LogInformation(LogEvents.SessionRevoked, "{Count} sessions of user {UserId} ended: {Reason}", ended, userId, reason);
        return ended;
    }

    private static string OwnerOf(RequestContext caller) =>
        caller.User?.Id ?? throw new PhoneAuthException(AuthError.SessionInvalid, "Listing sessions needs a session.");
}

/// <summary>A new session and its token. The token exists only here and in the response.</summary>
public sealed record IssuedSession(string Token, SessionRecord Session, UserRecord User);

/// <summary>A live session and its user.</summary>
public sealed record ResolvedSession(SessionRecord Session, UserRecord User);
