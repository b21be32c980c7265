using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Parse JSON values: the type a value gives a new field, and the one canonical form each typed
/// value is stored in (dates as exactly yyyy-MM-ddTHH:mm:ss.fffZ, so that text order is time order).
/// </summary>
public static class ParseValues
{
    /// <summary>The type of <paramref name="value"/>, or null for null (which gives a field no type).</summary>
    public static FieldSchema? TypeOf(JsonNode? value) => value switch
    {
        null => null,
        JsonArray => new FieldSchema(FieldType.Array),
        JsonObject obj => TypeOfObject(obj),
        JsonValue scalar => scalar.GetValueKind() switch
        {
            JsonValueKind.String => new FieldSchema(FieldType.String),
            JsonValueKind.Number => new FieldSchema(FieldType.Number),
            JsonValueKind.True or JsonValueKind.False => new FieldSchema(FieldType.Boolean),
            _ => null,
        },
        _ => null,
    };

    private static FieldSchema TypeOfObject(JsonObject value) => Text(value["__type"]) switch
    {
        "Date" => new FieldSchema(FieldType.Date),
        "Pointer" => new FieldSchema(FieldType.Pointer, ClassNames.Check(Text(value["className"]))),
        "Relation" => new FieldSchema(FieldType.Relation, ClassNames.Check(Text(value["className"]))),
        "Bytes" => new FieldSchema(FieldType.Bytes),
        "GeoPoint" => new FieldSchema(FieldType.GeoPoint),
        "File" => new FieldSchema(FieldType.File),
        null => new FieldSchema(FieldType.Object),
        var other => throw Incorrect($"{other} is not a type this server stores."),
    };

    /// <summary>
    /// The value as it is stored: typed values checked and put in their canonical form (a date in
    /// exactly one format, a pointer with its three keys); plain objects and arrays checked inside.
    /// </summary>
    public static JsonNode? Canonical(JsonNode? value, int depth = 0)
    {
        if (depth > 32) throw Incorrect("Values may nest at most 32 levels.");
        switch (value)
        {
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Canonical(item, depth + 1))]);
            case JsonObject obj when Text(obj["__type"]) is { } type:
                return type switch
                {
                    "Date" => Date(obj),
                    "Pointer" => Pointer(Text(obj["className"]), Text(obj["objectId"])),
                    "Relation" => new JsonObject { ["__type"] = "Relation", ["className"] = ClassNames.Check(Text(obj["className"])) },
                    "Bytes" => Bytes(obj),
                    "GeoPoint" => GeoPoint(obj),
                    "File" => File(obj),
                    _ => throw Incorrect($"{type} is not a type this server stores."),
                };
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, item) in obj)
                {
                    if (key.StartsWith('$') || key.Contains('.')) throw new PhoneAuthException(AuthError.InvalidFieldName) { Args = [key] };
                    copy[key] = Canonical(item, depth + 1);
                }
                return copy;
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>A date in Parse's one form: {"__type":"Date","iso":"yyyy-MM-ddTHH:mm:ss.fffZ"}.</summary>
    public static JsonObject Date(DateTimeOffset at) =>
        new() { ["__type"] = "Date", ["iso"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) };

    /// <summary>The instant of a {"__type":"Date"} object or an ISO string, or null when it is neither.</summary>
    public static DateTimeOffset? InstantOf(JsonNode? value)
    {
        var iso = value is JsonObject obj && Text(obj["__type"]) == "Date" ? Text(obj["iso"]) : Text(value);
        return iso is not null && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at.ToUniversalTime() : null;
    }

    /// <summary>{"__type":"Pointer","className":…,"objectId":…}, checked.</summary>
    public static JsonObject Pointer(string? className, string? objectId) => new()
    {
        ["__type"] = "Pointer",
        ["className"] = ClassNames.Check(className),
        ["objectId"] = objectId is { Length: > 0 and <= 64 } && objectId.All(char.IsAsciiLetterOrDigit)
            ? objectId : throw new PhoneAuthException(AuthError.InvalidPointer) { Args = ["a pointer needs an objectId of letters and digits"] },
    };

    /// <summary>The objectId of a pointer value (or of a plain id string), or null.</summary>
    public static string? PointerId(JsonNode? value) =>
        value is JsonObject obj && Text(obj["__type"]) is "Pointer" or "Object" ? Text(obj["objectId"]) : null;

    private static JsonObject Date(JsonObject value) =>
        InstantOf(value) is { } at ? Date(at) : throw Incorrect("A Date needs an iso of the form yyyy-MM-ddTHH:mm:ss.fffZ.");

    private static JsonObject Bytes(JsonObject value)
    {
        var base64 = Text(value["base64"]);
        return base64 is not null && IsBase64(base64)
            ? new JsonObject { ["__type"] = "Bytes", ["base64"] = base64 }
            : throw Incorrect("Bytes need a base64 string.");
    }

    private static JsonObject GeoPoint(JsonObject value)
    {
        var latitude = Number(value["latitude"]);
        var longitude = Number(value["longitude"]);
        return latitude is >= -90 and <= 90 && longitude is >= -180 and <= 180
            ? new JsonObject { ["__type"] = "GeoPoint", ["latitude"] = latitude, ["longitude"] = longitude }
            : throw Incorrect("A GeoPoint needs a latitude in [-90, 90] and a longitude in [-180, 180].");
    }

    private static JsonObject File(JsonObject value)
    {
        var name = Text(value["name"]);
        if (name is not { Length: > 0 and <= 256 }) throw Incorrect("A File needs a name.");
        var file = new JsonObject { ["__type"] = "File", ["name"] = name };
        if (Text(value["url"]) is { } url) file["url"] = url;
        return file;
    }

    private static bool IsBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out _);
    }

    private static double? Number(JsonNode? value) =>
        value is JsonValue number && number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<double>(out var d) ? d : null;

    public static string? Text(JsonNode? value) =>
        value is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;

    private static PhoneAuthException Incorrect(string what) => new(AuthError.IncorrectType) { Args = [what] };
}
