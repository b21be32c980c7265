using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// The Parse dialect, composed: CORS on the whole mount; then, except for the health check (which needs
/// no keys), the error boundary and the SDK's envelope before routing (its _method decides the route);
/// then the route group, whose filters resolve the session, count the route limits and honour request
/// ids before any handler runs.
/// </summary>
public static class ParseDialectExtensions
{
    /// <summary>The liveness check, under the mount: no keys, no body.</summary>
    private const string HealthPath = "/health";

    public static IServiceCollection AddParseDialect(this IServiceCollection services)
    {
        services.AddOptions<ParseOptions>().BindConfiguration(ParseOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AppId), "Parse:AppId must not be empty.")
            .Validate(o => o.MountPath.StartsWith('/') && !o.MountPath.EndsWith('/'), "Parse:MountPath must start with '/' and not end with one, e.g. \"/parse\".")
            .Validate(o => o.MaxBodySize > 0, "Parse:MaxBodySize must be positive.")
            .Validate(o => o.Idempotency.Ttl > TimeSpan.Zero, "Parse:Idempotency:Ttl must be positive.")
            .Validate(o => o.Idempotency.Paths.All(IsRegex), "Parse:Idempotency:Paths must hold valid regular expressions.")
            .Validate(o => o.RateLimits.All(ParseRateLimits.IsValid),
                "Parse:RateLimits: each needs a RequestPath starting with '/', a positive RequestCount and RequestTimeWindow, and a Zone of ip, global, session or user.")
            .ValidateOnStart();
        services.AddSingleton(ParseDialect.Fields);
        services.AddKeyedSingleton(ParseDialect.Name, (sp, _) => new UserCodec(ParseDialect.Fields));
        services.AddSingleton<ParseErrorMap>();
        services.AddSingleton<ParseSessionFilter>();
        services.AddSingleton<ParseRateLimits>();
        services.AddSingleton<ParseIdempotency>();
        return services;
    }

    private static bool IsRegex(string pattern)
    {
        try { _ = new System.Text.RegularExpressions.Regex(pattern); return true; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>The pieces that run before routing, on the mount path only.</summary>
    public static IApplicationBuilder UseParseDialect(this IApplicationBuilder app)
    {
        var mount = app.ApplicationServices.GetRequiredService<IOptions<ParseOptions>>().Value.MountPath;
        var errors = app.ApplicationServices.GetRequiredService<ParseErrorMap>();
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(mount, StringComparison.OrdinalIgnoreCase),
            dialect => dialect
                .UseDialectTag(ParseDialect.Name)
                .UseMiddleware<ParseCors>()
                // The health checks (liveness here, readiness in Observability) need no keys: exactly these two
                // paths, so that anything else under /health meets the envelope and the error boundary (a 404).
                .UseWhen(http => !IsHealthCheck(http.Request.Path, mount), api => api
                    .UseMiddleware<WireErrorBoundary>((IWireErrorMap)errors)
                    .UseMiddleware<ParseEnvelopeReader>()));
    }

    private static bool IsHealthCheck(PathString path, string mount) =>
        path.Equals(mount + HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(mount + HealthPath + "/", StringComparison.OrdinalIgnoreCase)
        || path.Equals(mount + Observability.ObservabilityExtensions.ReadyPath, StringComparison.OrdinalIgnoreCase)
        || path.Equals(mount + Observability.ObservabilityExtensions.ReadyPath + "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The dialect's routes under its mount path.</summary>
    public static RouteGroupBuilder MapParseDialect(this IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var mount = services.GetRequiredService<IOptions<ParseOptions>>().Value.MountPath;
        endpoints.Map(mount + HealthPath, (HttpContext http) => http.Response.WriteJsonAsync(new JsonObject { ["status"] = "ok" }));
        var group = endpoints.MapGroup(mount);
        group.AddEndpointFilter(services.GetRequiredService<ParseSessionFilter>())
            .AddEndpointFilter(services.GetRequiredService<ParseRateLimits>())
            .AddEndpointFilter(services.GetRequiredService<ParseIdempotency>());
        group.MapFunctionsEndpoints();
        group.MapJobsEndpoints();
        group.MapUsersEndpoints();
        group.MapLoginEndpoints();
        group.MapSessionsEndpoints();
        group.MapSmsLogEndpoints();
        group.MapObjectsEndpoints();
        group.MapSchemasEndpoints();
        group.MapBatchEndpoints();
        group.MapNotFound();
        return group;
    }
}
