using PhoneAuth.CloudFunctions.Data.Query;
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

    /// <summary>
    /// <see cref="CreateAsync(SessionRecord, CancellationToken)"/>, with the writes waiting in <paramref name="alongWith"/> in the
    /// same transaction. If the session cannot be written, neither are they, and they stay in the batch.
    /// </summary>
    Task CreateAsync(SessionRecord session, IWriteBatch? alongWith, CancellationToken cancellationToken);

    Task<SessionRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    Task<SessionRecord?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Runs a query on _Session: only the viewer's own sessions (every session with the master key).</summary>
    Task<SessionQueryResult> QueryAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken);

    /// <summary>Deletes the session with this token hash; false when there was none.</summary>
    Task<bool> DeleteByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Deletes the session with this id; false when there was none.</summary>
    Task<bool> DeleteByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes every session of the user except <paramref name="exceptId"/>; returns how many.</summary>
    Task<int> DeleteByUserAsync(string userId, string? exceptId, CancellationToken cancellationToken);

    /// <summary>Deletes sessions that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A page of sessions, and the count of every match when the query asked for it.</summary>
public sealed record SessionQueryResult(IReadOnlyList<SessionRecord> Sessions, long? Count);
