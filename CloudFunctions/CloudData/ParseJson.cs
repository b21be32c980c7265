using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>C# values to Parse JSON and back, for cloud code: dates as {"__type":"Date"}, objects as pointers.</summary>
public static class ParseJson
{
    public static JsonNode? From(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int or long or short or byte or uint or ulong or ushort or sbyte => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
        double number => double.IsFinite(number) ? JsonValue.Create(number) : throw new ArgumentException("A number must be finite.", nameof(value)),
        float number => From((double)number),
        decimal number => JsonValue.Create(number),
        DateTimeOffset at => ParseValues.Date(at),
        DateTime at => ParseValues.Date(new DateTimeOffset(at.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(at, DateTimeKind.Utc) : at)),
        ParseObject obj => obj.ToPointer(),
        ParseEntity entity => ParseValues.Pointer(TypedObjects.ClassOf(entity.GetType()), entity.ObjectId ?? throw new InvalidOperationException("An unsaved object has no pointer: save it first.")),
        IDictionary dictionary => new JsonObject([.. dictionary.Keys.Cast<object>().Select(k => KeyValuePair.Create(k.ToString()!, From(dictionary[k])))]),
        IEnumerable items => new JsonArray([.. items.Cast<object?>().Select(From)]),
        _ => JsonSerializer.SerializeToNode(value, TypedObjects.Json),
    };

    public static T? To<T>(JsonNode? node)
    {
        if (node is null) return default;
        if (typeof(T) == typeof(JsonNode) || typeof(T) == typeof(JsonObject) || typeof(T) == typeof(JsonArray)) return (T)(object)node.DeepClone();
        if (typeof(T) == typeof(DateTimeOffset) || typeof(T) == typeof(DateTimeOffset?))
            return ParseValues.InstantOf(node) is { } at ? (T)(object)at : default;
        return node.Deserialize<T>(TypedObjects.Json);
    }
}
