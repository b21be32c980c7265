using System.Data.Common;
using Microsoft.Data.Sqlite;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Server.Storage.Sqlite;

/// <summary>
/// The embedded default: one SQLite file in WAL mode. Writers are serialised by SQLite itself
/// (BEGIN IMMEDIATE), which also makes the rate-limit and schema locks implicit.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    /// <param name="connectionString">The connection string.</param>
    /// <param name="baseDirectory">The folder a relative Data Source is resolved against (the content root).</param>
    public SqliteDialect(string connectionString, string baseDirectory)
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
