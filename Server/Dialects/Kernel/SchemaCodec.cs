using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Schemas in Parse Server's JSON: {className, fields (with the built-in objectId, createdAt, updatedAt
/// and ACL), classLevelPermissions (every action open by default), indexes}; and the bodies of /schemas
/// writes, where a field or an index given as {"__op":"Delete"} is deleted.
/// </summary>
public static class SchemaCodec
{
    private static readonly JsonObject BuiltInFields = new()
    {
        ["objectId"] = new JsonObject { ["type"] = "String" },
        ["createdAt"] = new JsonObject { ["type"] = "Date" },
        ["updatedAt"] = new JsonObject { ["type"] = "Date" },
        ["ACL"] = new JsonObject { ["type"] = "ACL" },
    };

    /// <param name="schema">The schema.</param>
    /// <param name="withIdIndex">Whether the objectId's own index is listed, as Parse Server lists it when a schema is read (not when it is created).</param>
    public static JsonObject Write(ClassSchema schema, bool withIdIndex = true)
    {
        var fields = (JsonObject)BuiltInFields.DeepClone();
        foreach (var (name, field) in SchemaJson.WriteFields(schema.Fields)) fields[name] = field?.DeepClone();
        var indexes = withIdIndex ? new JsonObject { ["_id_"] = new JsonObject { ["_id"] = 1 } } : new JsonObject();
        foreach (var (name, index) in SchemaJson.WriteIndexes(schema.Indexes)) indexes[name] = index?.DeepClone();
        return new JsonObject
        {
            ["className"] = schema.ClassName,
            ["fields"] = fields,
            ["classLevelPermissions"] = schema.Permissions?.DeepClone() ?? DefaultPermissions(),
            ["indexes"] = indexes,
        };
    }

    /// <summary>Parse Server's default (its PostgreSQL adapter's, "ACL" entry included): every action open to everyone, nothing protected.</summary>
    private static JsonObject DefaultPermissions()
    {
        var permissions = new JsonObject { ["ACL"] = new JsonObject { ["*"] = new JsonObject { ["read"] = true, ["write"] = true } } };
        foreach (var action in ClassAction.All) permissions[action] = new JsonObject { ["*"] = true };
        permissions["protectedFields"] = new JsonObject { ["*"] = new JsonArray() };
        return permissions;
    }

    /// <summary>The body of POST /schemas/{className}; its className, when given, must be the path's (103).</summary>
    public static ClassDefinition ReadDefinition(JsonObject body, string className)
    {
        CheckClassName(body, className);
        var fields = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var (name, value) in Object(body["fields"], "fields"))
        {
            if (DataFields.BuiltIn.Contains(name)) continue; // Parse's answers list them; clients send them back
            fields[name] = SchemaJson.ReadField(name, value);
        }
        var indexes = SchemaJson.ReadIndexes(Object(body["indexes"], "indexes"));
        return new ClassDefinition(fields, Permissions(body), indexes);
    }

    /// <summary>The body of PUT /schemas/{className}: fields and indexes to add, or to delete with {"__op":"Delete"}.</summary>
    public static SchemaChange ReadChange(JsonObject body, string className)
    {
        CheckClassName(body, className);
        var addFields = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        var deleteFields = new List<string>();
        foreach (var (name, value) in Object(body["fields"], "fields"))
        {
            if (IsDelete(value)) deleteFields.Add(name);
            else addFields[name] = SchemaJson.ReadField(name, value);
        }
        var addIndexes = new Dictionary<string, IndexSpec>(StringComparer.Ordinal);
        var deleteIndexes = new List<string>();
        foreach (var (name, value) in Object(body["indexes"], "indexes"))
        {
            if (IsDelete(value)) deleteIndexes.Add(name);
            else addIndexes[name] = SchemaJson.ReadIndex(name, value);
        }
        return new SchemaChange(addFields, deleteFields, Permissions(body), body.ContainsKey("classLevelPermissions"), addIndexes, deleteIndexes);
    }

    private static void CheckClassName(JsonObject body, string className)
    {
        if (body["className"] is { } given && WireJson.Text(given) != className)
            throw new PhoneAuthException(AuthError.InvalidClassName) { PublicMessage = $"Class name mismatch between {WireJson.Text(given) ?? "?"} and {className}." };
    }

    private static JsonObject? Permissions(JsonObject body) => body["classLevelPermissions"] switch
    {
        null => null,
        JsonObject permissions => permissions,
        _ => throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = ["classLevelPermissions must be an object"] },
    };

    private static JsonObject Object(JsonNode? value, string name) => value switch
    {
        null => [],
        JsonObject obj => obj,
        _ => throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"{name} must be an object"] },
    };

    private static bool IsDelete(JsonNode? value) => value is JsonObject op && WireJson.Text(op["__op"]) == "Delete";
}
