using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>Reading and writing Parse JSON with Newtonsoft, and Parse's date formats.</summary>
public static class ParseJson
{
    /// <summary>Parses a request body. Dates stay strings: Parse JSON carries them as text or as {"__type":"Date"}.</summary>
    public static JToken Parse(ReadOnlySpan<byte> utf8)
    {
        using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(utf8)))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 64,
        };
        var token = JToken.ReadFrom(reader);
        if (reader.Read()) throw new JsonReaderException("Additional text after the JSON value.");
        // JSON has no infinity, but a number past double's range (1e400) reads as one: refuse it here,
        // so that no arithmetic or storage ever meets it.
        if ((token is JContainer container ? container.DescendantsAndSelf() : [token]).Any(t => t is JValue { Type: JTokenType.Float, Value: double d } && !double.IsFinite(d)))
            throw new JsonReaderException("A number is out of range.");
        return token;
    }

    /// <summary>Serialises without whitespace.</summary>
    public static string Serialize(JToken token) => token.ToString(Formatting.None);

    /// <summary>createdAt/updatedAt form: exactly yyyy-MM-ddTHH:mm:ss.fffZ, which the SDK's parseDate requires.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Any other date: {"__type":"Date","iso":"…"}.</summary>
    public static JObject Date(DateTimeOffset value) => new() { ["__type"] = "Date", ["iso"] = FormatDate(value) };

    /// <summary>{"__type":"Pointer","className":…,"objectId":…}.</summary>
    public static JObject Pointer(string className, string objectId) =>
        new() { ["__type"] = "Pointer", ["className"] = className, ["objectId"] = objectId };
}
