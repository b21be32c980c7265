using System.Data.Common;
using Npgsql;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL through Npgsql, for production with several server processes on one database.
/// Concurrency is decided by the database: row locks of conditional UPDATEs, unique indexes, and
/// transaction-scoped advisory locks for rate-limit keys and schema migration.
/// </summary>
public sealed class PostgresFlavor(string connectionString) : SqlFlavor, IAsyncDisposable
{
    /// <summary>Key of the advisory lock that serialises schema migration across processes.</summary>
    private const long SchemaLockKey = 0x50686F6E6541; // "PhoneA"

    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(Tuned(connectionString));

    /// <summary>
    /// Every statement here is one of a few dozen fixed texts: Npgsql prepares the ones in use
    /// (Max Auto Prepare), and a pooled connection keeps them, because nothing here changes session
    /// state that a reset would have to undo (No Reset On Close). A connection string that sets
    /// either keeps its value. Sessions always run READ COMMITTED, whatever the database's or the
    /// role's default: a batch without an explicit transaction takes the session's level, and the
    /// send limits' batch relies on a fresh snapshot for the statement after its locks.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare")) builder.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close")) builder.NoResetOnClose = true;
        builder.Options = (string.IsNullOrWhiteSpace(builder.Options) ? "" : builder.Options + " ") + @"-c default_transaction_isolation=read\ committed";
        return builder.ConnectionString;
    }

    public override string Name => "PostgreSQL";

    public override string SchemaFolder => "Postgres";

    public override DbConnection CreateConnection() => _dataSource.CreateConnection();

    public override string JsonParameter(string parameter) => $"CAST({parameter} AS jsonb)";

    public override string JsonValue(string valueParameter) => $"CAST({valueParameter} AS jsonb)";

    public override string? UniqueViolation(DbException ex) =>
        ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique ? unique.ConstraintName ?? unique.Message : null;

    /// <summary>
    /// Connection failures (class 08), resource exhaustion (53), operator intervention such as a
    /// restart (57P), and what Npgsql itself calls transient (I/O, timeouts).
    /// </summary>
    public override bool IsTransient(DbException ex) => ex switch
    {
        PostgresException pg => pg.IsTransient || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        _ => false,
    };

    public override bool BatchIsTransaction => true;

    public override async ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override Task LockRateLimitKeysAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        // Keys arrive sorted, and a batch runs in order, so concurrent transactions take their locks in
        // the same order and never deadlock.
        var batch = new SqlBatch(connection, transaction);
        foreach (var key in keys) batch.Add("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", ("key", key));
        return batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string ChangesChannel = "phoneauth_user_changes";

    /// <summary>NOTIFY is delivered at commit, in commit order, and not at all on rollback.</summary>
    public override Task AnnounceUserChangeAsync(DbConnection connection, DbTransaction transaction, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command($"SELECT pg_notify('{ChangesChannel}', @user_id)", transaction).With("user_id", userId).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>
    /// LISTEN on a connection of its own, outside the pool, with a keepalive so that a silently lost
    /// connection is noticed within seconds.
    /// </summary>
    public override async Task ListenForUserChangesAsync(Action<string> changed, Action listening, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 5 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, e) => changed(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ChangesChannel}", connection))
            await listen.ExecuteNonQueryAsync(cancellationToken);
        listening();
        while (true) await connection.WaitAsync(cancellationToken);
    }

    public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        connection.Command("SELECT pg_advisory_xact_lock(@key)", transaction).With("key", SchemaLockKey).ExecuteNonQueryAsync(cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    // ---- application data ----

    /// <summary>
    /// -> and ->> with literal keys ('score'), the form an expression index is built on. Text compares
    /// in the "C" collation, bytewise, as SQLite does, whatever the database's locale; a number reads as
    /// a double, and a value of another type as NULL (the schema keeps fields to one type; nested keys
    /// have none).
    /// </summary>
    public override string JsonField(string column, IReadOnlyList<string> keys, FieldKind kind)
    {
        var path = column + string.Concat(keys.Take(keys.Count - 1).Select(k => $"->'{k}'"));
        var last = keys[^1];
        return kind switch
        {
            FieldKind.Text or FieldKind.IsoDate or FieldKind.PointerId =>
                $"((CASE WHEN jsonb_typeof({path}->'{last}') = 'string' THEN {path}->>'{last}' END) COLLATE \"C\")",
            FieldKind.Number => $"(CASE WHEN jsonb_typeof({path}->'{last}') = 'number' THEN ({path}->>'{last}')::double precision END)",
            _ => $"({path}->'{last}')",
        };
    }

    public override FieldKind JsonBooleanKind => FieldKind.Json;

    // invalid_regular_expression: a pattern .NET accepts and PostgreSQL's regex syntax does not (\p{L}, (?<name>…), (?i:…)).
    public override bool IsInvalidPattern(DbException ex) => ex is PostgresException { SqlState: "2201B" };

    public override string Explain => "EXPLAIN";

    public override string JsonRemove(string column, string key) => $"({column} - '{key}')";

    // -> gives SQL NULL for a missing key, and the JSON null for a null.
    public override string JsonIsNull(string json) => $"COALESCE(jsonb_typeof({json}), 'null') = 'null'";

    public override string TextColumn(string column) => $"({column} COLLATE \"C\")";

    public override string LockForUpdate => " FOR UPDATE";

    public override string InList(string expression, FieldKind kind, string parameter) => kind == FieldKind.Json
        ? $"{expression} IN (SELECT jsonb_array_elements(CAST({parameter} AS jsonb)))"
        : $"{expression} = ANY({parameter})";

    public override object ListParameter(FieldKind kind, IReadOnlyList<object> values) => kind switch
    {
        FieldKind.Json => "[" + string.Join(",", values.Cast<string>()) + "]",
        FieldKind.Number => values.Select(Convert.ToDouble).ToArray(),
        FieldKind.MillisDate => values.Select(Convert.ToInt64).ToArray(),
        FieldKind.Boolean => values.Cast<bool>().ToArray(),
        _ => values.Cast<string>().ToArray(),
    };

    private static string Array(string array) => $"(CASE WHEN jsonb_typeof({array}) = 'array' THEN {array} END)";

    public override string ArrayContainsAny(string array, string parameter) =>
        $"EXISTS (SELECT 1 FROM jsonb_array_elements({Array(array)}) a WHERE a IN (SELECT jsonb_array_elements(CAST({parameter} AS jsonb))))";

    public override string ArrayContainsAll(string array, string parameter) => $"({Array(array)} @> CAST({parameter} AS jsonb))";

    public override string ArrayContainedBy(string array, string parameter) => $"({Array(array)} <@ CAST({parameter} AS jsonb))";

    public override string ArrayLength(string array) => $"jsonb_array_length({Array(array)})";

    /// <summary>
    /// PostgreSQL's own regular expressions. Patterns were checked when the query was read to hold no
    /// back-references or look-arounds, the features whose matching is not bounded.
    /// </summary>
    public override string Regex(string expression, string parameter) => $"({expression} ~ {parameter})";

    /// <summary>
    /// Parse's m is PostgreSQL's n (newline-sensitive); i and x are the same letters. A word boundary,
    /// \b and \B in .NET and JavaScript, is \y and \Y here (PostgreSQL's \b is a backspace).
    /// </summary>
    public override string RegexPattern(string pattern, string options)
    {
        var flags = options.Replace('m', 'n');
        var translated = new System.Text.StringBuilder(pattern.Length);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                translated.Append('\\').Append(!inClass && next == 'b' ? 'y' : !inClass && next == 'B' ? 'Y' : next);
                continue;
            }
            if (c == '[') inClass = true;
            else if (c == ']') inClass = false;
            translated.Append(c);
        }
        return flags.Length == 0 ? translated.ToString() : $"(?{flags}){translated}";
    }

    public override string ReadableBy(string column, string parameter) => $"({column} IS NULL OR {column} && {parameter})";

    public override object? EntitiesParameter(IReadOnlyList<string>? entities) => entities?.ToArray();

    public override string CreateIndex(string name, string className, IReadOnlyList<string> expressions, bool unique) => unique
        ? $"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON objects ({string.Join(", ", expressions)}) WHERE class_name = '{className}'"
        : $"CREATE INDEX IF NOT EXISTS {name} ON objects (class_name, {string.Join(", ", expressions)}, id)";
}
