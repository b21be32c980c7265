using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// Exact assertions on what a scenario saw: JSON compared whole (object keys in any order, arrays in
/// order), lists of names in order, and arrays as multisets where the reference leaves order undefined.
/// </summary>
public static class SeenAssert
{
    /// <summary>The value equals <paramref name="expectedJson"/> exactly; object key order aside.</summary>
    public static void Json(string expectedJson, JToken? actual) =>
        Assert.Equal(Canonical(JToken.Parse(expectedJson)), Canonical(actual ?? JValue.CreateNull()));

    /// <summary>An SDK call was refused with this ParseError: { code, message }.</summary>
    public static void Refused(int code, string message, JToken? outcome) =>
        Json(new JObject { ["code"] = code, ["message"] = message }.ToString(), outcome);

    /// <summary>A raw REST call was answered with this status and Parse error body { code, error }.</summary>
    public static void Answered(int status, int code, string error, JToken? answer) =>
        Json(new JObject { ["status"] = status, ["body"] = new JObject { ["code"] = code, ["error"] = error } }.ToString(), answer);

    /// <summary>An SDK call succeeded.</summary>
    public static void Succeeded(JToken? outcome) => Json("""{"ok":true}""", outcome);

    /// <summary>A list of strings, in order.</summary>
    public static void Names(JToken? actual, params string[] expected) =>
        Assert.Equal(expected, ((JArray)actual!).Select(t => (string)t!).ToArray());

    /// <summary>An array with the same elements as <paramref name="expectedJson"/>, in any order.</summary>
    public static void SameMultiset(string expectedJson, JToken? actual)
    {
        static List<string> Sorted(JToken array) => array.Select(Canonical).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Sorted(JToken.Parse(expectedJson)), Sorted(actual!));
    }

    /// <summary>Compact JSON with every object's keys sorted, so equal values print equally.</summary>
    public static string Canonical(JToken token) => Sort(token).ToString(Formatting.None);

    private static JToken Sort(JToken token) => token switch
    {
        JObject o => new JObject(o.Properties().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new JProperty(p.Name, Sort(p.Value)))),
        JArray a => new JArray(a.Select(Sort)),
        _ => token.DeepClone(),
    };
}
