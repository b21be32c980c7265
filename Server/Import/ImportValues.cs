using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Import;

/// <summary>What the export readers share: dates, ids, field names, ACLs, values in Parse JSON.</summary>
internal static partial class ImportValues
{
    /// <summary>
    /// A date as an export writes it: ISO text, milliseconds since 1970, Parse's {"__type":"Date"}, or
    /// Mongo's {"$date"}. Null when absent; a <paramref name="field"/> present but not such a date
    /// throws <see cref="ImportValueException"/>, which rejects the row.
    /// </summary>
    public static DateTimeOffset? Date(JsonNode? node, string field) =>
        node is null ? null : ReadDate(node) ?? throw new ImportValueException($"{field} is not a date: {Shown(node)}");

    private static DateTimeOffset? ReadDate(JsonNode node) => node switch
    {
        JsonValue text when text.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(text.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed.ToUniversalTime(),
        JsonValue number when number.GetValueKind() == JsonValueKind.Number && number.TryGetValue<long>(out var ms) => FromMilliseconds(ms),
        JsonObject parse when Text(parse["__type"]) == "Date" && parse["iso"] is { } iso => ReadDate(iso),
        JsonObject mongo when mongo["$date"] is JsonObject wrapped && Text(wrapped["$numberLong"]) is { } ms
            => long.TryParse(ms, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? FromMilliseconds(value) : null,
        JsonObject mongo when mongo["$date"] is { } inner => ReadDate(inner),
        _ => null,
    };

    private static DateTimeOffset? FromMilliseconds(long ms) =>
        ms >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && ms <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>mongoexport's {"$numberLong": "…"} as a number; throws <see cref="ImportValueException"/> when it is not one.</summary>
    public static long NumberLong(string text, string field) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw new ImportValueException($"{field} is not a number: {Shown(JsonValue.Create(text))}");

    /// <summary>A value as the report shows it: its JSON, cut short.</summary>
    public static string Shown(JsonNode? node)
    {
        var json = node?.ToJsonString() ?? "null";
        return json.Length <= 60 ? json : json[..57] + "...";
    }

    /// <summary>A date field as Parse JSON, the form the server keeps custom fields in.</summary>
    public static JsonObject DateValue(DateTimeOffset at) => new() { ["__type"] = "Date", ["iso"] = ParseEncoding.FormatDate(at) };

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool? Flag(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : null;

    /// <summary>Object ids of Parse (10 characters) and LeanCloud (24 hex digits), and anything of that shape.</summary>
    [GeneratedRegex("^[A-Za-z0-9]{1,64}$")]
    public static partial Regex ObjectId();

    /// <summary>The server's rule for custom field names, as Parse Server's.</summary>
    [GeneratedRegex("^[A-Za-z][0-9A-Za-z_]{0,127}$")]
    public static partial Regex FieldName();

    /// <summary>
    /// Why a custom field cannot be kept, or null when it can. <paramref name="phoneNames"/> are the
    /// source's own names of the phone: the source's dialect shows the verified number under them, so a
    /// custom field so named would never be seen. Another dialect's names are ordinary fields (a LeanCloud
    /// app's own <c>phone</c>), as they are in the source's dialect here.
    /// </summary>
    public static string? FieldProblem(string name, FieldNames phoneNames) =>
        name == phoneNames.Phone || name == phoneNames.PhoneVerified
            ? $"the custom field \"{name}\" has a name the server reserves for the phone; rename it in the export"
            : !FieldName().IsMatch(name) ? $"the field name \"{name}\" is not allowed" : null;

    /// <summary>Parse Server's _rperm/_wperm lists as an ACL object.</summary>
    public static JsonObject? AclOf(JsonNode? read, JsonNode? write)
    {
        if (read is not JsonArray && write is not JsonArray) return null;
        var acl = new JsonObject();
        void Grant(JsonNode? list, string right)
        {
            foreach (var entry in list as JsonArray ?? [])
            {
                if (Text(entry) is not { } who) continue;
                if (acl[who] is not JsonObject rights) acl[who] = rights = [];
                rights[right] = true;
            }
        }
        Grant(read, "read");
        Grant(write, "write");
        return acl;
    }
}
