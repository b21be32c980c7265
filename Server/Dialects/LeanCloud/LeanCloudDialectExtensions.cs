using Microsoft.Extensions.Options;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Server.Dialects.LeanCloud;

public static class LeanCloudDialectExtensions
{
    public static IServiceCollection AddLeanCloudDialect(this IServiceCollection services)
    {
        services.AddOptions<LeanCloudOptions>().BindConfiguration(LeanCloudOptions.Section)
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.AppKey), "LeanCloud:AppKey is required when LeanCloud:AppId is set.")
            .Validate(o => o.MountPath.StartsWith('/') && !o.MountPath.EndsWith('/'), "LeanCloud:MountPath must start with '/' and not end with one, e.g. \"/1.1\".")
            .Validate(o => o.MaxClockSkew > TimeSpan.Zero, "LeanCloud:MaxClockSkew must be positive.")
            .Validate(o => o.MaxBodySize > 0, "LeanCloud:MaxBodySize must be positive.")
            .Validate<IOptions<ParseOptions>>((o, parse) => !o.Enabled || !o.MountPath.Equals(parse.Value.MountPath, StringComparison.OrdinalIgnoreCase),
                "LeanCloud:MountPath must differ from Parse:MountPath.")
            .ValidateOnStart();
        // One master key for the server unless the LeanCloud app's own is configured.
        services.AddOptions<LeanCloudOptions>().PostConfigure<IOptions<ParseOptions>>((o, parse) =>
        {
            if (string.IsNullOrEmpty(o.MasterKey)) o.MasterKey = parse.Value.MasterKey;
        });
        return services;
    }

    /// <summary>The dialect's middleware on its mount path, when LeanCloud:AppId is set.</summary>
    public static IApplicationBuilder UseLeanCloudDialect(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<IOptions<LeanCloudOptions>>().Value;
        if (!settings.Enabled) return app;
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(settings.MountPath, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseMiddleware<LeanCloudDialectMiddleware>());
    }

    /// <summary>The dialect's routes under its mount path, when LeanCloud:AppId is set.</summary>
    public static IEndpointRouteBuilder MapLeanCloudDialect(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptions<LeanCloudOptions>>().Value;
        if (!settings.Enabled) return endpoints;
        endpoints.MapGroup(settings.MountPath)
            .MapLeanCloudUsersEndpoints()
            .MapLeanCloudSmsEndpoints();
        return endpoints;
    }
}
