using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.Server.Dialects.LeanCloud;
using PhoneAuth.Server.Security;
using static PhoneAuth.Server.Import.ImportValues;

namespace PhoneAuth.Server.Import;

/// <summary>
/// LeanCloud's _User export: JSON lines, one user per line, with the password as its documented
/// salted SHA-512 hash (<c>password</c>) and its salt (<c>salt</c>). Dates may be ISO text or
/// {"__type":"Date"}. Custom fields are kept in LeanCloud's JSON, which is Parse's.
/// </summary>
public static class LeanCloudUserExport
{
    private static readonly HashSet<string> Known =
    [
        "objectId", "username", "password", "salt", "email", "emailVerified", "mobilePhoneNumber", "mobilePhoneVerified",
        "authData", "ACL", "createdAt", "updatedAt", "sessionToken",
    ];

    public static async IAsyncEnumerable<ImportRow> ReadAsync(string path)
    {
        var line = 0;
        foreach (var text in await File.ReadAllLinesAsync(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(text); }
            catch (JsonException) { node = null; }
            yield return node is JsonObject row ? ImportRow.Guard(line, row, () => Map(row, line)) : ImportRow.Bad(line, "the line is not a JSON object");
        }
    }

    public static ImportRow Map(JsonObject row, int line)
    {
        var id = Text(row["objectId"]);
        if (id is null || !ObjectId().IsMatch(id)) return ImportRow.Bad(line, "objectId is missing or malformed");
        if (Text(row["username"]) is not { Length: > 0 } username) return ImportRow.Bad(line, "username is missing", id);

        string? hash = null;
        if (Text(row["password"]) is { Length: > 0 } password)
        {
            if (Text(row["salt"]) is not { Length: > 0 } salt) return ImportRow.Bad(line, "password has no salt: not a LeanCloud export hash", id);
            hash = LeanCloudPasswordHash.Format(salt, password);
        }

        var fields = new JsonObject();
        foreach (var (name, value) in row)
        {
            if (Known.Contains(name) || name.StartsWith('_') || value is null) continue;
            if (FieldProblem(name, LeanCloudDialect.Fields) is { } problem) return ImportRow.Bad(line, problem, id);
            fields[name] = value?.DeepClone();
        }
        var created = Date(row["createdAt"], "createdAt");
        return new ImportRow(line, new ImportedUser
        {
            Id = id,
            Username = username,
            Email = Text(row["email"]),
            EmailVerified = Flag(row["emailVerified"]),
            Phone = Text(row["mobilePhoneNumber"]),
            PhoneVerified = Flag(row["mobilePhoneVerified"]) ?? false,
            PasswordHash = hash,
            AuthData = row["authData"] is JsonObject { Count: > 0 } authData ? (JsonObject)authData.DeepClone() : null,
            Acl = row["ACL"] is JsonObject acl ? (JsonObject)acl.DeepClone() : null,
            Fields = fields,
            CreatedAt = created,
            UpdatedAt = Date(row["updatedAt"], "updatedAt") ?? created,
        }, null);
    }
}
