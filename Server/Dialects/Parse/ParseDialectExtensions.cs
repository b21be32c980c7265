using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Server.Dialects.Parse;

public static class ParseDialectExtensions
{
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
        services.AddSingleton<ParseIdempotency>();
        services.AddSingleton<ParseRateLimits>();
        return services;
    }

    private static bool IsRegex(string pattern)
    {
        try { _ = new System.Text.RegularExpressions.Regex(pattern); return true; }
        catch (ArgumentException) { return false; }
    }

    /// <summary>
    /// The envelope middleware, on the mount path only. It must run before routing: the SDK's
    /// <c>_method</c> decides which route a POST takes.
    /// </summary>
    public static IApplicationBuilder UseParseDialect(this IApplicationBuilder app)
    {
        var mount = app.ApplicationServices.GetRequiredService<IOptions<ParseOptions>>().Value.MountPath;
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(mount, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<ParseDialectMiddleware>());
    }

    /// <summary>The dialect's routes under its mount path.</summary>
    public static RouteGroupBuilder MapParseDialect(this IEndpointRouteBuilder endpoints)
    {
        var mount = endpoints.ServiceProvider.GetRequiredService<IOptions<ParseOptions>>().Value.MountPath;
        var group = endpoints.MapGroup(mount);
        group.Map("/health", (HttpContext http) => http.Response.WriteJsonAsync(new JObject { ["status"] = "ok" }));
        group.MapFunctionsEndpoints();
        group.MapUsersEndpoints();
        group.MapLoginEndpoints();
        group.MapSessionsEndpoints();
        group.MapSmsLogEndpoints();
        return group;
    }
}
