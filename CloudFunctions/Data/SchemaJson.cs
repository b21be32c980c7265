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
        if (field.Required) json["required"] = true;
        if (field.DefaultValue is not null) json["defaultValue"] = field.DefaultValue.DeepClone();
        return json;
    }

    public static Dictionary<string, FieldSchema> ReadFields(JsonObject? json)
    {
        var fields = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var (name, value) in json ?? []) fields[name] = ReadField(name, value);
        return fields;
    }

    /// <summary>
    /// {"type": "Pointer", "targetClass": "_User", "required": true, "defaultValue": …}, checked, with
    /// Parse Server's answers: 111 for an unknown type, 135 for a pointer or relation without its class,
    /// 111 for a default value of another type.
    /// </summary>
    public static FieldSchema ReadField(string name, JsonNode? value)
    {
        var typeName = ParseValues.Text(value?["type"]);
        if (typeName is null || !Enum.TryParse<FieldType>(typeName == "ACL" ? "Acl" : typeName, ignoreCase: false, out var type) || type == FieldType.Acl
            || !Enum.IsDefined(type) || typeName != (type == FieldType.Acl ? "ACL" : type.ToString()))
            throw new PhoneAuthException(AuthError.IncorrectType) { PublicMessage = $"invalid field type: {Shorten(typeName ?? value?.ToJsonString() ?? "null")}" };
        string? target = null;
        if (type is FieldType.Pointer or FieldType.Relation)
        {
            target = ParseValues.Text(value?["targetClass"]);
            if (target is null) throw new PhoneAuthException(AuthError.SchemaTargetMissing) { Args = [type.ToString()] };
            ClassNames.Check(target);
        }
        var required = value?["required"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
        var defaultValue = value?["defaultValue"]?.DeepClone();
        var field = new FieldSchema(type, target) { Required = required };
        if (defaultValue is not null)
        {
            var canonical = ParseValues.Canonical(defaultValue);
            if (ParseValues.TypeOf(canonical) is not { } given || given.Type != type || (target is not null && given.TargetClass != target))
                throw new PhoneAuthException(AuthError.IncorrectType)
                    { PublicMessage = $"schema mismatch for {name} default value; expected {field} but got {(ParseValues.TypeOf(canonical)?.ToString() ?? "null")}" };
            field = field with { DefaultValue = canonical };
        }
        return field;
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

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
