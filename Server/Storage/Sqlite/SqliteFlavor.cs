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

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override string JsonParameter(string parameter) => parameter;

    // "->" yields the minified JSON text of the value ('"abc"', '12', 'true', '{"a":1}'), as json() does to a parameter.
    public override string CustomFieldPath(string name) => "$.\"" + name + "\"";
    public override string CustomField(string pathParameter) => $"(fields -> {pathParameter})";
    public override string JsonValue(string valueParameter) => $"json({valueParameter})";
    public override string CustomFieldSortKey(string pathParameter) => $"json_extract(fields, {pathParameter})";

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
}
