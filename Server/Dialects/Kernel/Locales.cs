using Microsoft.Net.Http.Headers;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Chooses the language of messages from Accept-Language: "zh" or "en".</summary>
public static class Locales
{
    public static string FromRequest(HttpRequest request)
    {
        var header = request.Headers.AcceptLanguage;
        if (header.Count == 0) return "en";
        if (!StringWithQualityHeaderValue.TryParseList(header, out var languages)) return "en";
        foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1.0))
        {
            var tag = language.Value.Value ?? "";
            if (tag.StartsWith("zh", StringComparison.OrdinalIgnoreCase)) return "zh";
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase) || tag == "*") return "en";
        }
        return "en";
    }
}
