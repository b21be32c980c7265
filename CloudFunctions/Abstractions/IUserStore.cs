using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Users. The store enforces uniqueness: creating or updating a user whose phone, username, email or
/// authData identity is taken throws <see cref="Errors.PhoneAuthException"/> with PhoneNumberTaken,
/// UsernameTaken, EmailTaken or AuthDataTaken, so that races are decided by the database.
/// </summary>
public interface IUserStore
{
    Task<UserRecord?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Finds the user with this canonical E.164 phone number.</summary>
    Task<UserRecord?> FindByPhoneAsync(string phone, CancellationToken cancellationToken);

    /// <summary>Finds by username, case-insensitively.</summary>
    Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken);

    /// <summary>Finds by email, case-insensitively.</summary>
    Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken);

    /// <summary>Finds the user linked to <paramref name="provider"/>'s identity <paramref name="providerId"/>.</summary>
    Task<UserRecord?> FindByAuthDataAsync(string provider, string providerId, CancellationToken cancellationToken);

    Task CreateAsync(UserRecord user, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the user if its stored version is still <paramref name="expectedVersion"/>; the new record
    /// carries the next version. False when someone else wrote first: reload and reapply.
    /// </summary>
    Task<bool> UpdateAsync(UserRecord user, long expectedVersion, CancellationToken cancellationToken);

    /// <summary>Deletes the user; false when there was none.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Runs a query on _User; only users the scope's viewer may read (itself and public users; all with the master key).</summary>
    Task<UserQueryResult> QueryAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically counts a failed login and, once the count reaches <paramref name="threshold"/> and no lock
    /// is running, locks the account until <paramref name="now"/> + <paramref name="duration"/>.
    /// Returns the new count and lock end.
    /// </summary>
    Task<(int Count, DateTimeOffset? LockoutUntil)> RecordFailedLoginAsync(string id, DateTimeOffset now, int threshold, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Clears the failed-login count and any lock.</summary>
    Task ResetFailedLoginsAsync(string id, CancellationToken cancellationToken);
}

/// <summary>A page of users, and the count of every match when the query asked for it.</summary>
public sealed record UserQueryResult(IReadOnlyList<UserRecord> Users, long? Count);
