using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Sessions, looked up by the hash of their token.</summary>
public interface ISessionStore
{
    /// <summary>
    /// Stores a session. When it has an installation id, the user's other sessions with the same
    /// installation id are deleted in the same transaction (one session per user and installation).
    /// </summary>
    Task CreateAsync(SessionRecord session, CancellationToken cancellationToken);

    Task<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    Task<SessionRecord?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Sessions of <paramref name="userId"/>, or of everyone when null, newest first.</summary>
    Task<IReadOnlyList<SessionRecord>> ListAsync(string? userId, int skip, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes the session with this token hash; false when there was none.</summary>
    Task<bool> DeleteByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Deletes the session with this id; false when there was none.</summary>
    Task<bool> DeleteByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes every session of the user except <paramref name="exceptId"/>; returns how many.</summary>
    Task<int> DeleteByUserAsync(string userId, string? exceptId, CancellationToken cancellationToken);

    /// <summary>Deletes sessions that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
