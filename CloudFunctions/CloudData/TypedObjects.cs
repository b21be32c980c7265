using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using PhoneAuth.CloudFunctions.Data;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>Maps an application's <see cref="ParseEntity"/> classes to Parse objects and back, through System.Text.Json.</summary>
internal static class TypedObjects
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new ParseDateConverter() },
    };

    public static string ClassOf(Type type) =>
        ClassNames.Check(type.GetCustomAttribute<ParseClassAttribute>()?.Name ?? type.Name);

    public static T FromObject<T>(ParseObject obj) where T : ParseEntity, new()
    {
        if (obj.ClassName != ClassOf(typeof(T)))
            throw new InvalidOperationException($"{typeof(T).Name} maps to {ClassOf(typeof(T))}, not {obj.ClassName}.");
        var entity = obj.Fields.Deserialize<T>(Json) ?? new T();
        entity.ObjectId = obj.Id;
        entity.CreatedAt = obj.CreatedAt;
        entity.UpdatedAt = obj.UpdatedAt;
        entity.Acl = (JsonObject?)obj.Acl?.DeepClone();
        entity.Loaded = Fields(entity);
        entity.LoadedAcl = entity.Acl?.ToJsonString();
        return entity;
    }

    /// <summary>The entity as a ParseObject whose changes are the properties changed since it was read (all of them when new).</summary>
    public static ParseObject ToObject(ParseEntity entity)
    {
        var className = ClassOf(entity.GetType());
        var obj = entity.ObjectId is null ? new ParseObject(className) : ParseObject.WithoutData(className, entity.ObjectId);
        var now = Fields(entity);
        foreach (var (name, value) in now)
        {
            if (entity.Loaded?[name] is { } before && JsonNode.DeepEquals(before, value)) continue;
            obj.Set(name, value);
        }
        foreach (var (name, _) in entity.Loaded ?? [])
            if (!now.ContainsKey(name)) obj.Unset(name);
        if (entity.ObjectId is null ? entity.Acl is not null : entity.Acl?.ToJsonString() != entity.LoadedAcl) obj.SetAcl(entity.Acl);
        return obj;
    }

    public static void Saved(ParseEntity entity, ParseObject saved)
    {
        entity.ObjectId = saved.Id;
        entity.CreatedAt = saved.CreatedAt;
        entity.UpdatedAt = saved.UpdatedAt;
        entity.Loaded = Fields(entity);
        entity.LoadedAcl = entity.Acl?.ToJsonString();
    }

    private static JsonObject Fields(ParseEntity entity) =>
        JsonSerializer.SerializeToNode(entity, entity.GetType(), Json) as JsonObject ?? [];

    /// <summary>DateTimeOffset as a Parse Date ({"__type":"Date","iso":…}); reads an ISO string too.</summary>
    private sealed class ParseDateConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader);
            if (node is JsonValue text && text.TryGetValue<string>(out var iso)) return DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
            return ParseValues.InstantOf(node) ?? throw new JsonException("Not a Parse Date.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            ParseValues.Date(value).WriteTo(writer);
    }
}
