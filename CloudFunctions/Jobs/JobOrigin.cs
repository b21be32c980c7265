using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>
/// What a run keeps of the request that started it, for the job's <c>Headers</c> and <c>Ip</c>: the client's
/// address and its headers, lower-cased as Parse Server passes them, less every credential (keys, tokens,
/// sessions, signatures, cookies, authorization), since the run's status is stored and may be read later.
/// </summary>
public static class JobOrigin
{
    private static readonly string[] CredentialMarks = ["key", "token", "session", "sign", "auth", "cookie", "secret", "password"];

    public static JsonObject HeadersOf(IReadOnlyDictionary<string, string> headers)
    {
        var kept = new JsonObject();
        foreach (var (name, value) in headers)
        {
            var lower = name.ToLowerInvariant();
            if (CredentialMarks.Any(mark => lower.Contains(mark, StringComparison.Ordinal))) continue;
            kept[lower] = value;
        }
        return kept;
    }

    public static IReadOnlyDictionary<string, string> Read(JsonNode? headers) =>
        headers is JsonObject stored
            ? stored.Where(h => h.Value is JsonValue).ToDictionary(h => h.Key, h => h.Value!.ToString(), StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
