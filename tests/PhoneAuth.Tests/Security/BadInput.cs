using System.Text;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Security;

/// <summary>The seeded generator of bad input both dialects' attack suites draw from.</summary>
internal static class BadInput
{
    public static readonly string[] Params =
        ["phoneNumber", "code", "purpose", "userId", "ticket", "newPhoneNumber", "newCode", "password", "nickname", "username", "email",
         "authData", "ACL", "where", "limit", "skip", "order", "keys", "count", "score", "phone", "emailVerified", "challengeToken", "objectId"];

    public static readonly string[] Nasty =
    [
        "' OR '1'='1", "\"; DROP TABLE users; --", "1; SELECT pg_sleep(10)", "') OR 1=1--", "${jndi:ldap://x/a}", "<script>alert(1)</script>",
        "\u0000", "\u202e138", "１３８００１３８０００", "+86 138 0013 8000", "13800138000", "%00", "../../etc/passwd", "{{7*7}}", "😀😀😀",
        "\ud800", "-1", "NaN", "", " ", "null", "true", "[]", "{}", "r:00000000000000000000000000000000", "pt:abc", "$where", "__proto__",
    ];

    /// <summary>A body: usually the JSON object, else truncated, not UTF-8, too deep, too large, or not an object.</summary>
    public static byte[] Body(Random random, JObject body) =>
        random.Next(12) switch
        {
            0 => Encoding.UTF8.GetBytes(body.ToString(Newtonsoft.Json.Formatting.None)[..^1]), // truncated JSON
            1 => [0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d], // invalid UTF-8
            2 => Encoding.UTF8.GetBytes("{\"a\":" + new string('[', 200) + new string(']', 200) + "}"), // too deep
            3 => Encoding.UTF8.GetBytes("{\"phoneNumber\":\"" + new string('9', 1_100_000) + "\"}"), // over the body limit
            4 => Encoding.UTF8.GetBytes(Pick(random, ["null", "[]", "42", "\"x\"", "", "<xml/>"])),
            _ => Encoding.UTF8.GetBytes(body.ToString(Newtonsoft.Json.Formatting.None)),
        };

    public static string ContentType(Random random) =>
        Pick(random, ["text/plain", "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "image/png"]);

    public static JToken RandomValue(Random random, int depth) => random.Next(depth > 3 ? 6 : 10) switch
    {
        0 => new JValue(Pick(random, Nasty)),
        1 => random.Next(3) == 0 ? Pick(random, Extremes) : new JValue(random.Next(2) == 0 ? long.MaxValue : -random.NextInt64()),
        2 => new JValue(random.NextDouble() * 1e308),
        3 => new JValue(random.Next(2) == 0),
        4 => JValue.CreateNull(),
        5 => new JValue(new string('x', random.Next(1, 200_000))),
        6 => new JArray(Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(random, depth + 1))),
        7 => new JObject { ["__op"] = Pick(random, ["Increment", "Add", "Delete", "Batch", "AddRelation", "Nope", "Decrement", "BitAnd", "BitXor"]), ["amount"] = RandomValue(random, depth + 1), ["objects"] = RandomValue(random, depth + 1) },
        8 => new JObject { ["__type"] = Pick(random, ["Date", "Pointer", "File", "Bytes"]), ["iso"] = Pick(random, Nasty), ["objectId"] = RandomValue(random, depth + 1) },
        _ => new JObject { [Pick(random, Nasty)] = RandomValue(random, depth + 1), ["$in"] = RandomValue(random, depth + 1), [Pick(random, Params)] = RandomValue(random, depth + 1) },
    };

    /// <summary>Numbers at the edges of what JSON, doubles and 64-bit integers hold.</summary>
    public static readonly JToken[] Extremes =
    [
        new JValue(long.MaxValue), new JValue(long.MinValue), new JValue(1e308), new JValue(-1e308), new JValue(double.Epsilon),
        new JValue(9007199254740993m), new JValue(0.1), new JValue(-0.0),
    ];

    /// <summary>
    /// Shapes that have made servers fail, to put under every key: the extremes, long lists (a long
    /// <c>$in</c> is deep SQL on some engines), every JSON type, operators on the wrong values.
    /// </summary>
    public static IEnumerable<JToken> Shapes()
    {
        foreach (var extreme in Extremes) yield return extreme;
        yield return new JArray(Enumerable.Range(0, 999).Select(i => "v" + i));
        yield return new JArray(Enumerable.Range(0, 2000).Select(i => (object)i));
        yield return new JObject { ["$in"] = new JArray(Enumerable.Range(0, 999).Select(i => "v" + i)) };
        yield return new JObject { ["$in"] = new JArray(Enumerable.Range(0, 5000).Select(i => (object)i)) };
        yield return new JObject { ["$in"] = new JArray(1, true, JValue.CreateNull(), new JArray(), new JObject(), 1e308) };
        yield return new JObject { ["$nin"] = new JArray(1), ["$exists"] = "yes" };
        yield return new JObject { ["__op"] = "Increment", ["amount"] = 1e308 };
        yield return new JObject { ["__op"] = "Increment", ["amount"] = long.MaxValue };
        yield return new JObject { ["__op"] = "Add", ["objects"] = new JArray(Enumerable.Range(0, 1500).Select(i => (object)i)) };
        yield return new JObject { ["__type"] = "Pointer", ["className"] = 7, ["objectId"] = new JArray() };
        yield return new JObject { ["__type"] = "Date", ["iso"] = "99999-99-99" };
        yield return new JValue(true);
        yield return JValue.CreateNull();
        yield return new JValue("");
        yield return new JObject();
    }

    public static T Pick<T>(Random random, T[] values) => values[random.Next(values.Length)];

    /// <summary>
    /// Sends <paramref name="request"/>; null when the server closed the connection before the client had
    /// written the whole body, so that the client saw a reset or a broken pipe rather than an answer: Kestrel
    /// refusing a request line (a NUL in the path), or an answer given before a large body was read (a
    /// refused key, say), after which Kestrel stops reading rather than drain it. Whether the client is
    /// still writing then is a race, so such a request is counted as refused by the transport; that the
    /// server still serves is checked after the attack. Any other transport failure is thrown.
    /// </summary>
    public static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var length = request.Content?.Headers.ContentLength ?? 0;
        try
        {
            return await http.SendAsync(request);
        }
        catch (HttpRequestException ex) when (request.RequestUri!.OriginalString.Contains("%00", StringComparison.Ordinal)
            || (length > LargeBody && ex.InnerException is IOException))
        {
            return null;
        }
    }

    /// <summary>A body the server may stop reading once it has answered.</summary>
    private const long LargeBody = 64 * 1024;

    /// <summary>Header values are printable ASCII on the wire: clients cannot send anything else, and Kestrel refuses it itself.</summary>
    public static string Ascii(string value) => new([.. value.Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    /// <summary>Parse's error shapes: {"code":…,"error":"…"}, or {"error":"unauthorized"} for a bad application id.</summary>
    public static bool IsClearError(string text)
    {
        try { return JToken.Parse(text) is JObject error && error["error"]?.Type == JTokenType.String; }
        catch (Newtonsoft.Json.JsonException) { return false; }
    }
}
