using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>The engines the end-to-end suites run on.</summary>
public enum StorageEngine { Sqlite, Postgres }

/// <summary>Reads a host's database directly, to check what is (and is not) stored, whatever the engine.</summary>
public sealed class DatabaseProbe(StorageEngine engine, string connectionString)
{
    public StorageEngine Engine { get; } = engine;
    public string ConnectionString { get; } = connectionString;

    private DbConnection Open() => Engine == StorageEngine.Sqlite
        ? new SqliteConnection(ConnectionString + ";Pooling=False")
        : new NpgsqlConnection(ConnectionString);

    /// <summary>Every row of every table, as text with values quoted: '&lt;value&gt;'.</summary>
    public async Task<string> DumpAsync()
    {
        var dump = new StringBuilder();
        await using var connection = Open();
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = Engine == StorageEngine.Sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                dump.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++) dump.Append(" '").Append(reader.GetValue(i)).Append('\'');
                dump.AppendLine();
            }
        }
        return dump.ToString();
    }

    public async Task<long> CountAsync(string table)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The first column of the first row of a fixed query (test code only: no parameters).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? 0 : Convert.ToInt64(value);
    }
}
