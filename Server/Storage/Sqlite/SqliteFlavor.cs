using System.Data.Common;
using Microsoft.Data.Sqlite;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Server.Storage.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. Writers are serialised by SQLite itself
/// (BEGIN IMMEDIATE), which also makes the rate-limit and schema locks implicit.
/// </summary>
public sealed class SqliteFlavor : SqlFlavor
{
    private readonly string _connectionString;

    /// <param name="connectionString">The connection string.</param>
    /// <param name="baseDirectory">The folder a relative Data Source is resolved against (the content root).</param>
    public SqliteFlavor(string connectionString, string baseDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until this many seconds have passed.
            DefaultTimeout = 30,
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
            builder.DataSource = Path.GetFullPath(builder.DataSource, baseDirectory);
        _connectionString = builder.ToString();
        DataSource = builder.DataSource;
    }

    /// <summary>The database file's full path.</summary>
    public string DataSource { get; }

    public override string Name => "SQLite";

    // SQLite answers a second writer "busy", and Microsoft.Data.Sqlite then sleeps and retries: under
    // load, writers of this process queue here instead. Other processes still meet the busy retry.
    public override SemaphoreSlim WriteGate { get; } = new(1, 1);

    public override string SchemaFolder => "Sqlite";

    public override DbConnection CreateConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        // Registered before the connection opens; it is in place once it does.
        connection.CreateFunction<string, object?, bool?>("regexp", SqliteRegex.IsMatch, isDeterministic: true);
        return connection;
    }

    public override string JsonParameter(string parameter) => parameter;

    public override string JsonValue(string valueParameter) => $"json({valueParameter})";

    public override string? UniqueViolation(DbException ex) =>
        ex is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } ? ex.Message : null;

    public override bool IsTransient(DbException ex) =>
        ex is SqliteException { SqliteErrorCode: 5 or 6 or 10 or 13 or 14 }; // BUSY, LOCKED, IOERR, FULL, CANTOPEN

    public override ValueTask<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // BEGIN IMMEDIATE: take the write lock now, so two writers never deadlock upgrading read locks.
        ValueTask.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    public override Task LockRateLimitKeysAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public override Task LockSchemaAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>How often each process reads the changes other processes announced.</summary>
    public static readonly TimeSpan ChangePollInterval = TimeSpan.FromMilliseconds(100);

    public override Task AnnounceUserChangeAsync(DbConnection connection, DbTransaction transaction, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        connection.Command("INSERT INTO user_changes (user_id, at) VALUES (@user_id, @at)", transaction)
            .With("user_id", userId).With("at", now.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken);

    /// <summary>
    /// Polls <c>user_changes</c>. Writers are serialised, so ids grow in commit order and reading past
    /// the last id seen misses nothing.
    /// </summary>
    public override async Task ListenForUserChangesAsync(Action<string> changed, Action listening, CancellationToken cancellationToken)
    {
        long last;
        await using (var connection = CreateConnection())
        {
            await connection.OpenAsync(cancellationToken);
            last = Convert.ToInt64(await connection.Command("SELECT COALESCE(MAX(id), 0) FROM user_changes").ExecuteScalarAsync(cancellationToken));
        }
        listening();
        while (true)
        {
            await Task.Delay(ChangePollInterval, cancellationToken);
            await using var connection = CreateConnection();
            await connection.OpenAsync(cancellationToken);
            await using var reader = await connection.Command("SELECT id, user_id FROM user_changes WHERE id > @last ORDER BY id")
                .With("last", last).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                last = reader.GetInt64(0);
                changed(reader.GetString(1));
            }
        }
    }

    public override Task<int> DeleteUserChangesAsync(DbConnection connection, DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        connection.Command("DELETE FROM user_changes WHERE at <= @cutoff").With("cutoff", cutoff.ToUnixMs()).ExecuteNonQueryAsync(cancellationToken);

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(DataSource);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        await using var connection = CreateConnection();
        await connection.OpenAsync(cancellationToken);
        // WAL lets readers proceed during a write; the setting is stored in the file.
        await connection.Command("PRAGMA journal_mode=WAL").ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- application data ----

    /// <summary>json_extract with a literal path ('$.score.iso'): SQLite uses an expression index only for the same text.</summary>
    public override string JsonField(string column, IReadOnlyList<string> keys, FieldKind kind) =>
        $"json_extract({column}, '$.{string.Join(".", keys.Select(k => "\"" + k + "\""))}')";

    public override FieldKind JsonBooleanKind => FieldKind.Boolean;

    public override string Explain => "EXPLAIN QUERY PLAN";

    public override string JsonRemove(string column, string key) => $"json_remove({column}, '$.\"{key}\"')";

    /// <summary>"->" gives the JSON text of any value ('"abc"', '3', 'null', '[1]'), and SQL NULL for a missing key.</summary>
    public override string JsonRaw(string column, IReadOnlyList<string> keys) =>
        $"({column} -> '$.{string.Join(".", keys.Select(k => "\"" + k + "\""))}')";

    public override string JsonIsNull(string json) => $"COALESCE({json} = 'null', 1)";

    public override string InList(string expression, FieldKind kind, string parameter) =>
        $"{expression} IN (SELECT value FROM json_each({parameter}))";

    public override object ListParameter(FieldKind kind, IReadOnlyList<object> values) =>
        System.Text.Json.JsonSerializer.Serialize(kind == FieldKind.Json
            ? values.Select(v => (object?)System.Text.Json.Nodes.JsonNode.Parse((string)v)).ToArray()
            : values.ToArray<object?>());

    /// <summary>The raw value when it is an array, else NULL: json_each would read a scalar as a list of one.</summary>
    private static string Array(string raw) => $"(CASE WHEN json_type({raw}) = 'array' THEN {raw} END)";

    public override string ArrayContainsAny(string array, string parameter) =>
        $"EXISTS (SELECT 1 FROM json_each({Array(array)}) a WHERE a.value IN (SELECT value FROM json_each({parameter})))";

    public override string ArrayContainsAll(string array, string parameter) =>
        $"(json_type({array}) = 'array' AND NOT EXISTS (SELECT 1 FROM json_each({parameter}) p WHERE p.value NOT IN (SELECT value FROM json_each({Array(array)}))))";

    // A missing field is no array, and is contained by nothing (as PostgreSQL's <@ answers).
    public override string ArrayContainedBy(string array, string parameter) =>
        $"(json_type({array}) = 'array' AND NOT EXISTS (SELECT 1 FROM json_each({Array(array)}) a WHERE a.value NOT IN (SELECT value FROM json_each({parameter}))))";

    public override string ArrayLength(string array) => $"json_array_length({Array(array)})";

    /// <summary>regexp() is .NET's Regex in its non-backtracking mode, registered on every connection: linear time, whatever the pattern.</summary>
    public override string Regex(string expression, string parameter) => $"regexp({parameter}, {expression})";

    public override string RegexPattern(string pattern, string options) => options.Length == 0 ? pattern : $"(?{options}){pattern}";

    public override string ReadableBy(string column, string parameter) =>
        $"({column} IS NULL OR EXISTS (SELECT 1 FROM json_each({column}) r WHERE r.value IN (SELECT value FROM json_each({parameter}))))";

    public override object? EntitiesParameter(IReadOnlyList<string>? entities) =>
        entities is null ? null : System.Text.Json.JsonSerializer.Serialize(entities);

    public override string CreateIndex(string name, string className, IReadOnlyList<string> expressions, bool unique) => unique
        ? $"CREATE UNIQUE INDEX IF NOT EXISTS {name} ON objects ({string.Join(", ", expressions)}) WHERE class_name = '{className}'"
        : $"CREATE INDEX IF NOT EXISTS {name} ON objects (class_name, {string.Join(", ", expressions)}, id)";
}
