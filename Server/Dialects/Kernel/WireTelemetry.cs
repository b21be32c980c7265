using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Names the dialect of a request on its HTTP metrics (http.server.request.duration) and its span.</summary>
public static class WireTelemetry
{
    public const string DialectTag = "phoneauth.dialect";

    public static IApplicationBuilder UseDialectTag(this IApplicationBuilder app, string dialect) => app.Use((http, next) =>
    {
        http.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new(DialectTag, dialect));
        Activity.Current?.SetTag(DialectTag, dialect);
        return next(http);
    });
}
