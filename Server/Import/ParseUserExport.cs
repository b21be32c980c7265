using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Security;
using static PhoneAuth.Server.Import.ImportValues;

namespace PhoneAuth.Server.Import;

/// <summary>
/// Parse Server's _User, from a JSON export or from its database (<see cref="ParsePostgresUsers"/>).
/// A file may be JSON lines, a JSON array or {"results": [...]}; each user either as the REST API
/// shows it (objectId, createdAt, ACL...) or as Parse keeps it in MongoDB (mongoexport: _id,
/// _hashed_password, _created_at, _acl, _auth_data_*, _p_* pointers, {"$date"} dates). Passwords are
/// Parse's bcrypt hashes; a REST export has none, and its users sign in by SMS or reset the password.
/// </summary>
public static class ParseUserExport
{
    /// <summary>How the phone is found in a Parse user, which has no phone field of its own.</summary>
    /// <param name="PhoneField">The custom field holding the number; "phone" (the tutorial's) by default.</param>
    /// <param name="TrustPhones">
    /// Mark every imported number verified. Off by default: Parse Server lets a user write any field of
    /// their own, phone, phoneVerified and username included, so a number there proves nothing.
    /// </param>
    public sealed record Options(string PhoneField = "phone", bool TrustPhones = false);

    private static readonly HashSet<string> Known =
    [
        "objectId", "_id", "username", "email", "emailVerified", "authData", "ACL", "createdAt", "updatedAt",
        "sessionToken", "phoneVerified", "mobilePhoneVerified",
    ];

    public static async IAsyncEnumerable<ImportRow> ReadAsync(string path, Options options)
    {
        var text = await File.ReadAllTextAsync(path);
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('[') || trimmed.StartsWith("{\"results\"", StringComparison.Ordinal))
        {
            JsonNode? document = null;
            string? error = null;
            try { document = JsonNode.Parse(text); }
            catch (JsonException ex) { error = ex.Message; }
            var rows = document is JsonArray array ? array : document?["results"] as JsonArray;
            if (rows is null)
            {
                yield return ImportRow.Bad(1, $"the file is not a JSON array of users{(error is null ? "" : ": " + error)}");
                yield break;
            }
            for (var i = 0; i < rows.Count; i++)
            {
                var position = i + 1;
                yield return rows[i] is JsonObject row ? ImportRow.Guard(position, row, () => Map(row, position, options)) : ImportRow.Bad(position, "the entry is not a JSON object");
            }
            yield break;
        }
        var line = 0;
        foreach (var rowText in text.Split('\n'))
        {
            line++;
            if (string.IsNullOrWhiteSpace(rowText)) continue;
            JsonNode? node = null;
            try { node = JsonNode.Parse(rowText); }
            catch (JsonException) { }
            yield return node is JsonObject row ? ImportRow.Guard(line, row, () => Map(row, line, options)) : ImportRow.Bad(line, "the line is not a JSON object");
        }
    }

    public static ImportRow Map(JsonObject row, int line, Options options)
    {
        var id = Text(row["objectId"]) ?? Text(row["_id"]);
        if (id is null || !ObjectId().IsMatch(id)) return ImportRow.Bad(line, "objectId is missing or malformed");
        if (Text(row["username"]) is not { Length: > 0 } username) return ImportRow.Bad(line, "username is missing", id);

        var hash = Text(row["_hashed_password"]);
        if (hash is { Length: 0 }) hash = null;
        if (hash is not null && !Bcrypt.IsBcrypt(hash)) return ImportRow.Bad(line, "_hashed_password is not a bcrypt hash", id);

        var phone = Text(row[options.PhoneField]) ?? Text(row["mobilePhoneNumber"]);
        var authData = row["authData"] is JsonObject given ? (JsonObject)given.DeepClone() : [];
        var fields = new JsonObject();
        foreach (var (name, value) in row)
        {
            // A null is an unset column of Parse's database; the phone's names are taken by the phone.
            if (Known.Contains(name) || name == options.PhoneField || name == "mobilePhoneNumber" || value is null) continue;
            if (name.StartsWith("_auth_data_", StringComparison.Ordinal))
            {
                if (value is JsonObject data) authData[name["_auth_data_".Length..]] = data.DeepClone();
                continue;
            }
            if (name.StartsWith("_p_", StringComparison.Ordinal))
            {
                // Mongo keeps a pointer as "ClassName$objectId".
                if (Text(value)?.Split('$') is [var className, var objectId])
                    fields[name[3..]] = new JsonObject { ["__type"] = "Pointer", ["className"] = className, ["objectId"] = objectId };
                continue;
            }
            if (name.StartsWith('_')) continue; // Parse's internal fields: tokens, lockout, password history
            if (FieldProblem(name, ParseDialect.Fields) is { } problem) return ImportRow.Bad(line, problem, id);
            fields[name] = FromMongo(value, name);
        }

        var created = Date(row["createdAt"], "createdAt") ?? Date(row["_created_at"], "_created_at");
        return new ImportRow(line, new ImportedUser
        {
            Id = id,
            Username = username,
            Email = Text(row["email"]),
            EmailVerified = Flag(row["emailVerified"]),
            Phone = phone,
            PhoneVerified = options.TrustPhones,
            PasswordHash = hash,
            AuthData = authData.Count > 0 ? authData : null,
            Acl = row["ACL"] is JsonObject acl ? (JsonObject)acl.DeepClone() : MongoAcl(row["_acl"]) ?? AclOf(row["_rperm"], row["_wperm"]),
            Fields = fields,
            CreatedAt = created,
            UpdatedAt = Date(row["updatedAt"], "updatedAt") ?? Date(row["_updated_at"], "_updated_at") ?? created,
        }, null);
    }

    /// <summary>Mongo's {"id": {"r": true, "w": true}} as Parse's ACL.</summary>
    private static JsonObject? MongoAcl(JsonNode? node)
    {
        if (node is not JsonObject mongo) return null;
        var acl = new JsonObject();
        foreach (var (who, rights) in mongo)
        {
            var entry = new JsonObject();
            if (rights is not JsonObject granted) continue;
            if (Flag(granted["r"]) == true) entry["read"] = true;
            if (Flag(granted["w"]) == true) entry["write"] = true;
            acl[who] = entry;
        }
        return acl;
    }

    /// <summary>mongoexport's extended JSON ({"$date"}, {"$numberLong"}, {"$oid"}) as plain Parse JSON; <paramref name="path"/> names the value in a rejection.</summary>
    private static JsonNode? FromMongo(JsonNode? value, string path) => value switch
    {
        JsonObject o when o["$date"] is not null => Date(o, path) is { } at ? DateValue(at) : null,
        JsonObject o when Text(o["$numberLong"]) is { } number => JsonValue.Create(NumberLong(number, path)),
        JsonObject o when Text(o["$oid"]) is { } oid => JsonValue.Create(oid),
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, FromMongo(p.Value, $"{path}.{p.Key}")))),
        JsonArray a => new JsonArray([.. a.Select((item, i) => FromMongo(item, $"{path}[{i}]"))]),
        _ => value?.DeepClone(),
    };
}
