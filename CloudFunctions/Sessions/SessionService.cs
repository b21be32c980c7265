using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Sessions;

/// <summary>Issues, resolves and revokes session tokens.</summary>
public sealed class SessionService(
    ISessionStore sessions,
    IUserStore users,
    TimeProvider time,
    IOptions<SessionOptions> options)
{
    /// <summary>Creates a session for <paramref name="user"/>; the token is returned once and never stored.</summary>
    public async Task<IssuedSession> CreateAsync(
        UserRecord user, string? installationId, string action, string provider, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var token = SessionTokens.New();
        var session = new SessionRecord
        {
            Id = ObjectIds.New(),
            TokenHash = SessionTokens.Hash(token),
            UserId = user.Id,
            InstallationId = string.IsNullOrEmpty(installationId) ? null : installationId,
            CreatedWithAction = action,
            CreatedWithProvider = provider,
            ExpiresAt = now + options.Value.Lifetime,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await sessions.CreateAsync(session, cancellationToken);
        return new IssuedSession(token, session, user);
    }

    /// <summary>
    /// Finds the live session and its user for a token, or throws SessionInvalid (unknown, revoked,
    /// user deleted) or SessionExpired.
    /// </summary>
    public async Task<ResolvedSession> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        var session = await sessions.FindByTokenHashAsync(SessionTokens.Hash(token), cancellationToken)
            ?? throw new PhoneAuthException(AuthError.SessionInvalid);
        if (session.ExpiresAt <= time.GetUtcNow()) throw new PhoneAuthException(AuthError.SessionExpired);
        var user = await users.FindByIdAsync(session.UserId, cancellationToken)
            ?? throw new PhoneAuthException(AuthError.SessionInvalid, "The session's user was deleted.");
        return new ResolvedSession(session, user);
    }

    /// <summary>Deletes the session of this token; false when there was none.</summary>
    public Task<bool> RevokeAsync(string token, CancellationToken cancellationToken) =>
        sessions.DeleteByTokenHashAsync(SessionTokens.Hash(token), cancellationToken);
}

/// <summary>A new session and its token. The token exists only here and in the response.</summary>
public sealed record IssuedSession(string Token, SessionRecord Session, UserRecord User);

/// <summary>A live session and its user.</summary>
public sealed record ResolvedSession(SessionRecord Session, UserRecord User);
