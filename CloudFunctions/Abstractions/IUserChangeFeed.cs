namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Which users changed — their record, or one of their sessions ended — in this process and in every
/// other process on the same database. The storage adapter announces a change in the transaction that
/// makes it, so no committed change goes unannounced. The session cache lives on it.
/// </summary>
public interface IUserChangeFeed
{
    /// <summary>
    /// True while changes made by every process reach <see cref="Changed"/>. While false (the database
    /// is unreachable, or the feed is still starting), nothing may be served from a cache.
    /// </summary>
    bool IsLive { get; }

    /// <summary>
    /// Raised with the id of a user that changed, after the change committed; with null when changes
    /// may have been missed, so that everything cached is stale.
    /// </summary>
    event Action<string?>? Changed;
}
