namespace PhoneAuth.Server.Hosting;

/// <summary>
/// Headers for an API that serves JSON only: nothing is sniffed, framed, cached or sent as a referrer,
/// and HTTPS answers ask browsers to stay on HTTPS. Cross-origin reads stay allowed (Parse's CORS):
/// browsers run the Parse SDK from other origins.
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
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
