using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// A schema's parts in Parse's JSON: fields as {"score": {"type": "Number"}, "owner": {"type": "Pointer",
/// "targetClass": "_User"}}, indexes as {"score_1": {"score": 1}} (-1 for descending; here also
/// "_unique": true for a unique index). The stored form and the /schemas answers both use it.
/// </summary>
public static class SchemaJson
{
    public static JsonObject WriteFields(IReadOnlyDictionary<string, FieldSchema> fields)
    {
        var json = new JsonObject();
        foreach (var (name, field) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) json[name] = WriteField(field);
        return json;
    }

    public static JsonObject WriteField(FieldSchema field)
    {
        var json = new JsonObject { ["type"] = field.Type == FieldType.Acl ? "ACL" : field.Type.ToString() };
        if (field.TargetClass is not null) json["targetClass"] = field.TargetClass;
        return json;
    }

    public static Dictionary<string, FieldSchema> ReadFields(JsonObject? json)
    {
        var fields = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var (name, value) in json ?? []) fields[name] = ReadField(name, value);
        return fields;
    }

    /// <summary>{"type": "Pointer", "targetClass": "_User"}, checked; or InvalidSchemaChange naming the field.</summary>
    public static FieldSchema ReadField(string name, JsonNode? value)
    {
        var typeName = ParseValues.Text(value?["type"]);
        if (typeName is null || !Enum.TryParse<FieldType>(typeName == "ACL" ? "Acl" : typeName, ignoreCase: false, out var type) || type == FieldType.Acl)
            throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"{name} needs a type of String, Number, Boolean, Date, Object, Array, Pointer, Relation, Bytes, GeoPoint or File"] };
        if (type is FieldType.Pointer or FieldType.Relation)
        {
            var target = ParseValues.Text(value?["targetClass"]);
            if (!ClassNames.IsValid(target)) throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"{name} needs a targetClass"] };
            return new FieldSchema(type, target);
        }
        return new FieldSchema(type);
    }

    public static JsonObject WriteIndexes(IReadOnlyDictionary<string, IndexSpec> indexes)
    {
        var json = new JsonObject();
        foreach (var (name, index) in indexes.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            var spec = new JsonObject();
            foreach (var field in index.Fields) spec[field.Name] = field.Descending ? -1 : 1;
            if (index.Unique) spec["_unique"] = true;
            json[name] = spec;
        }
        return json;
    }

    public static Dictionary<string, IndexSpec> ReadIndexes(JsonObject? json)
    {
        var indexes = new Dictionary<string, IndexSpec>(StringComparer.Ordinal);
        foreach (var (name, value) in json ?? []) indexes[name] = ReadIndex(name, value);
        return indexes;
    }

    /// <summary>{"score": 1, "name": -1} (and "_unique": true), checked; or InvalidSchemaChange naming the index.</summary>
    public static IndexSpec ReadIndex(string name, JsonNode? value)
    {
        if (value is not JsonObject spec || spec.Count == 0) throw Invalid(name);
        var fields = new List<IndexField>();
        var unique = false;
        foreach (var (field, direction) in spec)
        {
            if (field == "_unique")
            {
                unique = direction is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
                continue;
            }
            if (!Query.FieldPathShape.IsValid(field)) throw Invalid(name);
            var order = direction is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<int>(out var n) ? n : 0;
            if (order is not (1 or -1)) throw Invalid(name);
            fields.Add(new IndexField(field, order == -1));
        }
        return fields.Count is > 0 and <= 8 ? new IndexSpec(fields, unique) : throw Invalid(name);
    }

    private static PhoneAuthException Invalid(string name) =>
        new(AuthError.InvalidSchemaChange) { Args = [$"index {name} must map one to eight fields to 1 or -1"] };
}
