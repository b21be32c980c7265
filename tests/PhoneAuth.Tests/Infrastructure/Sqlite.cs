using System.Text;
using Microsoft.Data.Sqlite;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>Reads a host's SQLite file directly, to check what is (and is not) stored.</summary>
public static class Sqlite
{
    /// <summary>Every row of every table, as text with values quoted: '<value>'.</summary>
    public static async Task<string> DumpAsync(string databasePath)
    {
        var dump = new StringBuilder();
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
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

    public static async Task<long> CountAsync(string databasePath, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
