using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>
/// Converts between the dialect's Newtonsoft tokens and the core's BCL JSON nodes. The core holds
/// free-form values as <see cref="JsonNode"/> so that it depends on no JSON library but the BCL.
/// </summary>
public static class JsonNodes
{
    /// <summary>
    /// Converts through JSON text, so values behave exactly like those the stores read back:
    /// <c>GetValue&lt;double&gt;()</c> works on any number, <c>GetValue&lt;long&gt;()</c> on any integer.
    /// </summary>
    public static JsonNode? ToNode(JToken? token) =>
        token is null || token.Type is JTokenType.Null or JTokenType.Undefined
            ? null
            : JsonNode.Parse(token.ToString(Newtonsoft.Json.Formatting.None));

    public static JsonObject ToObject(JObject source) => (JsonObject)ToNode(source)!;

    public static JToken ToToken(JsonNode? node) => node switch
    {
        null => JValue.CreateNull(),
        JsonObject o => ToToken(o),
        JsonArray a => new JArray(a.Select(ToToken)),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => new JValue(v.GetValue<string>()),
            JsonValueKind.True => new JValue(true),
            JsonValueKind.False => new JValue(false),
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => new JValue(l),
            JsonValueKind.Number when v.TryGetValue<int>(out var i) => new JValue((long)i),
            JsonValueKind.Number => new JValue(v.GetValue<double>()),
            _ => JToken.Parse(v.ToJsonString()),
        },
        _ => throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}."),
    };

    public static JObject ToToken(JsonObject source)
    {
        var result = new JObject();
        foreach (var (name, value) in source) result[name] = ToToken(value);
        return result;
    }
}
