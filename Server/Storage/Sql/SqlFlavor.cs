using System.Data.Common;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// An engine's SQL flavor: what differs between the SQL engines — connections, a few SQL forms, error
/// classification, locking and the schema scripts. The stores in this folder are written once against it.
/// </summary>
public abstract class SqlFlavor
{
    public abstract string Name { get; }

    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>SQL that turns the text parameter <paramref name="parameter"/> into the engine's JSON column type.</summary>
    public abstract string JsonParameter(string parameter);

    /// <summary>The violated unique index or column when <paramref name="ex"/> is a unique violation, else null.</summary>
    public abstract string? UniqueViolation(DbException ex);

    /// <summary>True when retrying later may succeed (connection lost, database restarting, busy).</summary>
    public abstract bool IsTransient(DbException ex);

    /// <summary>
    /// When the engine allows one writer at a time (SQLite), the gate this process's writers queue at,
    /// so that they wait in order instead of polling a busy database; null when writers run in parallel.
    /// </summary>
    public virtual SemaphoreSlim? WriteGate => null;

    /// <summary>Begins a transaction that takes the write lock at once (SQLite: BEGIN IMMEDIATE).</summary>
    public abstract ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serialises concurrent transactions on the same rate-limit keys.</summary>
    public abstract Task LockRateLimitKeysAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>
    /// Inside a write transaction: announces that <paramref name="userId"/> changed, to every process
    /// listening with <see cref="ListenForUserChangesAsync"/>, when (and only if) the transaction commits.
    /// </summary>
    public abstract Task AnnounceUserChangeAsync(DbConnection connection, DbTransaction transaction, string userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="changed"/> for every user change announced from now on, by any process,
    /// after calling <paramref name="listening"/> once it is sure to hear them all. Runs until cancelled,
    /// or throws when the database is lost.
    /// </summary>
    public abstract Task ListenForUserChangesAsync(Action<string> changed, Action listening, CancellationToken cancellationToken);

    /// <summary>Deletes announcements older than <paramref name="cutoff"/> where they are stored; returns how many.</summary>
    public virtual Task<int> DeleteUserChangesAsync(DbConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>Serialises schema migration across processes, inside the migration transaction.</summary>
    public abstract Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>Work before the first connection: create the folder of a SQLite file, and so on.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The parameter value that names custom field <paramref name="name"/> in <see cref="CustomField"/>.</summary>
    public abstract string CustomFieldPath(string name);

    /// <summary>SQL for the JSON value of the custom field named by <paramref name="pathParameter"/>, comparable to <see cref="JsonValue"/>.</summary>
    public abstract string CustomField(string pathParameter);

    /// <summary>SQL for a JSON value parameter, comparable to <see cref="CustomField"/> with "=".</summary>
    public abstract string JsonValue(string valueParameter);

    /// <summary>SQL that sorts by the custom field named by <paramref name="pathParameter"/>.</summary>
    public abstract string CustomFieldSortKey(string pathParameter);

    /// <summary>The folder of embedded schema scripts, "Sqlite" or "Postgres".</summary>
    public abstract string SchemaFolder { get; }
}
