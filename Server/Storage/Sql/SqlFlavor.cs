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

    /// <summary>True when <paramref name="ex"/> says a $regex pattern is one the engine does not run (PostgreSQL's syntax differs from .NET's at the edges).</summary>
    public virtual bool IsInvalidPattern(DbException ex) => false;

    /// <summary>True when retrying later may succeed (connection lost, database restarting, busy).</summary>
    public abstract bool IsTransient(DbException ex);

    /// <summary>
    /// When the engine allows one writer at a time (SQLite), the gate this process's writers queue at,
    /// so that they wait in order instead of polling a busy database; null when writers run in parallel.
    /// </summary>
    public virtual SemaphoreSlim? WriteGate => null;

    /// <summary>
    /// True when a batch sent without a transaction runs as one transaction (PostgreSQL: the statements of one
    /// Sync share an implicit transaction, and an error rolls back the earlier ones and skips the later).
    /// </summary>
    public virtual bool BatchIsTransaction => false;

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

    /// <summary>SQL for a JSON value parameter, comparable to a JSON field with "=".</summary>
    public abstract string JsonValue(string valueParameter);

    /// <summary>The folder of embedded schema scripts, "Sqlite" or "Postgres".</summary>
    public abstract string SchemaFolder { get; }

    // ---- application data: fields of JSON columns, in the very expressions indexes are built on ----

    /// <summary>
    /// The value at <paramref name="keys"/> inside JSON column <paramref name="column"/>, read as
    /// <paramref name="kind"/>. Keys passed the field-name checks (letters, digits, "_"), so they are
    /// written as literals: an expression index matches only the same text.
    /// </summary>
    public abstract string JsonField(string column, IReadOnlyList<string> keys, FieldKind kind);

    /// <summary>SQL for the JSON column without its top-level <paramref name="key"/> (a checked field name, written as a literal).</summary>
    public abstract string JsonRemove(string column, string key);

    /// <summary>The prefix that makes a SELECT answer its plan instead of its rows.</summary>
    public abstract string Explain { get; }

    /// <summary>What a SELECT appends to lock the rows it reads until the transaction ends (SQLite's write lock already does).</summary>
    public virtual string LockForUpdate => "";

    /// <summary>A text column as it compares and sorts: bytewise on every engine.</summary>
    public virtual string TextColumn(string column) => column;

    /// <summary>
    /// The value at <paramref name="keys"/> as JSON whatever its type (SQL NULL when missing), for the
    /// array operators and $exists. Keys are checked names, written as literals.
    /// </summary>
    public virtual string JsonRaw(string column, IReadOnlyList<string> keys) => JsonField(column, keys, FieldKind.Json);

    /// <summary>SQL for "the raw JSON value <paramref name="json"/> (see <see cref="JsonRaw"/>) is missing or null".</summary>
    public abstract string JsonIsNull(string json);

    /// <summary>The kind a JSON boolean reads as here (SQLite: 1/0; PostgreSQL: JSON).</summary>
    public abstract FieldKind JsonBooleanKind { get; }

    /// <summary>SQL for "<paramref name="expression"/> is one of the values in the parameter" (built by <see cref="ListParameter"/>).</summary>
    public abstract string InList(string expression, FieldKind kind, string parameter);

    /// <summary>The value of a list parameter of <paramref name="kind"/> (a JSON array on SQLite, a typed array on PostgreSQL).</summary>
    public abstract object ListParameter(FieldKind kind, IReadOnlyList<object> values);

    /// <summary>SQL for "the JSON array <paramref name="array"/> holds one of the values of the JSON-array parameter".</summary>
    public abstract string ArrayContainsAny(string array, string parameter);

    /// <summary>SQL for "the JSON array holds every value of the JSON-array parameter".</summary>
    public abstract string ArrayContainsAll(string array, string parameter);

    /// <summary>SQL for "every item of the JSON array is a value of the JSON-array parameter".</summary>
    public abstract string ArrayContainedBy(string array, string parameter);

    /// <summary>SQL for the length of a JSON array (NULL when it is not one).</summary>
    public abstract string ArrayLength(string array);

    /// <summary>SQL for "<paramref name="expression"/> matches the pattern parameter"; the pattern comes from <see cref="RegexPattern"/>.</summary>
    public abstract string Regex(string expression, string parameter);

    /// <summary>The pattern parameter's value: the pattern with Parse's options (i, m, x) in the engine's form.</summary>
    public abstract string RegexPattern(string pattern, string options);

    /// <summary>SQL for "the object's readers (column <paramref name="column"/>) include one of the entities in the parameter".</summary>
    public abstract string ReadableBy(string column, string parameter);

    /// <summary>The value of the readers column and of the entities parameter: a JSON array on SQLite, text[] on PostgreSQL.</summary>
    public abstract object? EntitiesParameter(IReadOnlyList<string>? entities);

    /// <summary>The SQL of an index over <paramref name="expressions"/>, unique or not, on the objects of one class.</summary>
    public abstract string CreateIndex(string name, string className, IReadOnlyList<string> expressions, bool unique);

    /// <summary>
    /// Missing values last ascending and first descending, on every engine: PostgreSQL's own order (so a
    /// plain index serves both directions), and what Parse Server on PostgreSQL answers.
    /// </summary>
    public static string Direction(bool descending) => descending ? " DESC NULLS FIRST" : " ASC NULLS LAST";
}
