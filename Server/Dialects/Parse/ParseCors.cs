using Microsoft.Extensions.Primitives;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>CORS as Parse Server does it, on every response of the dialect.</summary>
internal static class ParseCors
{
    private const string AllowHeaders =
        "X-Parse-Master-Key, X-Parse-REST-API-Key, X-Parse-Javascript-Key, X-Parse-Application-Id, X-Parse-Client-Version, " +
        "X-Parse-Session-Token, X-Requested-With, X-Parse-Revocable-Session, X-Parse-Request-Id, Content-Type, Pragma, Cache-Control, " +
        "X-Parse-Installation-Id, X-Parse-Client-Key, X-Parse-Cloud-Context";

    // The Parse SDK splits this header on ", " (comma and space) and fails every request if a piece is not a header name.
    private const string ExposeHeaders = "X-Parse-Job-Status-Id, X-Parse-Push-Status-Id";

    public static void Apply(HttpContext http, IReadOnlyList<string> allowOrigins)
    {
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = Origin(http.Request.Headers.Origin, allowOrigins, headers);
        headers.AccessControlAllowMethods = "GET,PUT,POST,DELETE,OPTIONS";
        headers.AccessControlAllowHeaders = AllowHeaders;
        headers.AccessControlExposeHeaders = ExposeHeaders;
    }

    private static string Origin(StringValues requestOrigin, IReadOnlyList<string> allowOrigins, IHeaderDictionary responseHeaders)
    {
        if (allowOrigins.Count == 0 || allowOrigins.Contains("*")) return "*";
        responseHeaders.Vary = "Origin";
        var origin = requestOrigin.ToString();
        return allowOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase) ? origin : allowOrigins[0];
    }
}
