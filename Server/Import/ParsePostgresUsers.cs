using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using static PhoneAuth.Server.Import.ImportValues;

namespace PhoneAuth.Server.Import;

/// <summary>
/// Reads "_User" straight from a Parse Server database on PostgreSQL. Each row is read as JSON and
/// its columns are typed by Parse's own "_SCHEMA": dates, pointers, files and geopoints become Parse
/// JSON again, then the row is mapped as a JSON export's would be (<see cref="ParseUserExport"/>).
/// </summary>
public static class ParsePostgresUsers
{
    public static async IAsyncEnumerable<ImportRow> ReadAsync(string connectionString, ParseUserExport.Options options)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var types = await SchemaAsync(connection);
        await using var command = new NpgsqlCommand("SELECT row_to_json(u)::text FROM \"_User\" u ORDER BY \"createdAt\", \"objectId\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var line = 0;
        while (await reader.ReadAsync())
        {
            line++;
            var row = (JsonObject)JsonNode.Parse(reader.GetString(0))!;
            var position = line;
            yield return ImportRow.Guard(line, row, () =>
            {
                foreach (var (name, type) in types)
                {
                    if (row[name] is { } value) row[name] = Typed(value, type, name);
                }
                return ParseUserExport.Map(row, position, options);
            });
        }
    }

    /// <summary>The custom columns whose JSON is not already Parse JSON, with their Parse type.</summary>
    private static async Task<Dictionary<string, JsonObject>> SchemaAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT \"schema\"::text FROM \"_SCHEMA\" WHERE \"className\" = '_User'", connection);
        var schema = await command.ExecuteScalarAsync() as string;
        var fields = schema is null ? null : JsonNode.Parse(schema)?["fields"] as JsonObject;
        var types = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (name, type) in fields ?? [])
        {
            if (name is "createdAt" or "updatedAt" || type is not JsonObject typed) continue;
            if (Text(typed["type"]) is "Date" or "Pointer" or "File" or "GeoPoint") types[name] = typed;
        }
        return types;
    }

    private static JsonNode? Typed(JsonNode value, JsonObject type, string name) => Text(type["type"]) switch
    {
        "Date" => Date(value, name) is { } at ? DateValue(at) : null,
        "Pointer" when Text(value) is { } id => new JsonObject { ["__type"] = "Pointer", ["className"] = Text(type["targetClass"]), ["objectId"] = id },
        "File" when Text(value) is { } file => new JsonObject { ["__type"] = "File", ["name"] = file },
        "GeoPoint" when Text(value)?.Trim('(', ')').Split(',') is [var x, var y]
            && double.TryParse(y, CultureInfo.InvariantCulture, out var latitude) && double.TryParse(x, CultureInfo.InvariantCulture, out var longitude) => new JsonObject
        {
            ["__type"] = "GeoPoint",
            ["latitude"] = latitude,
            ["longitude"] = longitude,
        },
        _ => value.DeepClone(),
    };
}
