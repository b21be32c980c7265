namespace PhoneAuth.Server.Hosting;

/// <summary>
/// Headers for an API that serves JSON only: nothing is sniffed, framed, cached or sent as a referrer,
/// and HTTPS answers ask browsers to stay on HTTPS. Cross-origin reads stay allowed (Parse's CORS):
/// browsers run the Parse SDK from other origins. The two pages get policies of their own, as strict as they
/// can be: the demo runs its one script from this server and talks only to it; the console runs no script at
/// all (its charts are SVG drawn on the server) and posts forms only to itself.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>Added as the response starts, so that error answers, which reset the response, carry them too.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            headers.ContentSecurityPolicy = PolicyFor(http.Request.Path);
            if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
            return Task.CompletedTask;
        });
        return next(http);
    });

    internal const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    internal const string DemoPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; " +
        "form-action 'none'; base-uri 'none'; frame-ancestors 'none'";
    // img-src data: for the one inline image in MudBlazor's stylesheet.
    internal const string ConsolePolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static string PolicyFor(PathString path) =>
        path == "/" || path.StartsWithSegments("/demo") ? DemoPolicy
        : path.StartsWithSegments("/console") ? ConsolePolicy
        : ApiPolicy;
}
