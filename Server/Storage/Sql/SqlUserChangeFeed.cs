using System.Data.Common;
using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// The stores announce each user change inside the transaction that makes it (PostgreSQL: NOTIFY;
/// SQLite: a row in <c>user_changes</c>), then raise it here at once for this process;
/// <see cref="UserChangeListener"/> raises the changes of the other processes.
/// </summary>
public sealed class SqlUserChangeFeed(SqlDatabase db, TimeProvider time) : IUserChangeFeed
{
    private volatile bool _live;

    public bool IsLive => _live;

    public event Action<string?>? Changed;

    /// <summary>Inside a write transaction: every process hears of the change when it commits.</summary>
    public Task AnnounceAsync(DbConnection connection, DbTransaction transaction, string userId, CancellationToken cancellationToken) =>
        db.Flavor.AnnounceUserChangeAsync(connection, transaction, userId, time.GetUtcNow(), cancellationToken);

    /// <summary>After the commit: this process hears of it now, without waiting for the listener.</summary>
    public void Raise(string userId) => Changed?.Invoke(userId);

    /// <summary>Deletes stored announcements older than <paramref name="cutoff"/> (SQLite keeps them in a table); returns how many.</summary>
    public Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        db.WriteAsync(connection => db.Flavor.DeleteUserChangesAsync(connection, cutoff, cancellationToken), cancellationToken);

    /// <summary>Whether the listener hears every process. Either way, everything cached so far is stale.</summary>
    internal void SetLive(bool live)
    {
        if (live == _live) return;
        if (!live) _live = false;
        Changed?.Invoke(null);
        if (live) _live = true;
    }
}
