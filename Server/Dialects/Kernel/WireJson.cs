using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// The one JSON model of the request path: System.Text.Json's nodes, from the body to the core and
/// back. Parse JSON is read as the JS SDK writes it: dates stay strings (Parse JSON carries them as
/// text or as {"__type":"Date"}), comments and trailing commas are tolerated as the previous reader
/// did, a number past a double's range and a name given twice in one object are refused, so that no
/// two readers of one body can see two different objects.
/// </summary>
public static class WireJson
{
    private static readonly JsonDocumentOptions Reading = new()
    {
        MaxDepth = 64,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>UTF-8 as it is, not escaped: the answers carry Chinese messages and texts.</summary>
    private static readonly JsonSerializerOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Parses <paramref name="utf8"/>, or throws InvalidJson (107) saying why.</summary>
    public static JsonNode? Parse(ReadOnlySpan<byte> utf8)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: Reading);
        }
        catch (JsonException ex)
        {
            throw new PhoneAuthException(AuthError.InvalidJson, ex.Message, ex);
        }
        Check(node);
        return node;
    }

    /// <summary>Parses text that should hold JSON (a query-string value, a header), or throws InvalidJson.</summary>
    public static JsonNode? Parse(string text) => Parse(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Serialises without whitespace.</summary>
    public static string Serialize(JsonNode? node) => node?.ToJsonString(Writing) ?? "null";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Writing.Encoder };

    /// <summary>Serialises without whitespace, as UTF-8 into <paramref name="output"/> (as <see cref="Serialize"/> writes it, without the string).</summary>
    public static void Serialize(JsonNode? node, System.Buffers.IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        if (node is null) writer.WriteNullValue();
        else node.WriteTo(writer, Writing);
    }

    /// <summary>The string value of <paramref name="node"/>, or null when it is absent or not a string.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Whether <paramref name="node"/> is a JSON string.</summary>
    public static bool IsString(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    /// <summary>
    /// Walks the tree once: a JsonObject builds its dictionary on first use, so a repeated name would
    /// otherwise fail later, anywhere; and JSON has no infinity, but 1e400 reads as one.
    /// </summary>
    private static void Check(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                try
                {
                    foreach (var (_, child) in obj) Check(child);
                }
                catch (ArgumentException ex)
                {
                    throw new PhoneAuthException(AuthError.InvalidJson, "A name appears twice in one object.", ex);
                }
                break;
            case JsonArray array:
                foreach (var child in array) Check(child);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                if (!value.TryGetValue<double>(out var number) || !double.IsFinite(number))
                    throw new PhoneAuthException(AuthError.InvalidJson, "A number is out of range.");
                break;
        }
    }
}
