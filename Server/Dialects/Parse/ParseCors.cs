using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// CORS as Parse Server does it, on every response of the dialect, errors included: OPTIONS is
/// answered 200 before any key is checked, and every answer carries the headers.
/// </summary>
internal sealed class ParseCors(RequestDelegate next, IOptions<ParseOptions> options)
{
    public Task InvokeAsync(HttpContext http)
    {
        // Set as the answer starts, so that an error written after the response was cleared has them too.
        http.Response.OnStarting(() =>
        {
            Apply(http, options.Value.AllowOrigins);
            return Task.CompletedTask;
        });
        if (!HttpMethods.IsOptions(http.Request.Method)) return next(http);
        http.Response.StatusCode = StatusCodes.Status200OK;
        return http.Response.WriteAsync("OK");
    }

    private const string AllowHeaders =
        "X-Parse-Master-Key, X-Parse-REST-API-Key, X-Parse-Javascript-Key, X-Parse-Application-Id, X-Parse-Client-Version, " +
        "X-Parse-Session-Token, X-Requested-With, X-Parse-Revocable-Session, X-Parse-Request-Id, Content-Type, Pragma, Cache-Control, " +
        "X-Parse-Installation-Id, X-Parse-Client-Key, X-Parse-Cloud-Context";

    // The Parse SDK splits this header on ", " (comma and space) and fails every request if a piece is not a header name.
    private const string ExposeHeaders = "X-Parse-Job-Status-Id, X-Parse-Push-Status-Id";

    private static void Apply(HttpContext http, IReadOnlyList<string> allowOrigins)
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
