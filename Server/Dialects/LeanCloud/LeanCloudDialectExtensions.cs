using Microsoft.Extensions.Options;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// The LeanCloud dialect, composed: CORS and the error boundary on its mount; then the route group,
/// whose envelope filter checks the keys, reads the body and resolves the session before any handler.
/// It has no method tunnelling, so nothing of it needs to run before routing.
/// </summary>
public static class LeanCloudDialectExtensions
{
    public static IServiceCollection AddLeanCloudDialect(this IServiceCollection services)
    {
        services.AddOptions<LeanCloudOptions>().BindConfiguration(LeanCloudOptions.Section)
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.AppKey), "LeanCloud:AppKey is required when LeanCloud:AppId is set.")
            .Validate(o => o.MountPath.StartsWith('/') && !o.MountPath.EndsWith('/'), "LeanCloud:MountPath must start with '/' and not end with one, e.g. \"/1.1\".")
            .Validate(o => o.MaxClockSkew > TimeSpan.Zero, "LeanCloud:MaxClockSkew must be positive.")
            .Validate(o => o.MaxBodySize > 0, "LeanCloud:MaxBodySize must be positive.")
            .ValidateOnStart();
        services.AddSingleton(LeanCloudDialect.Fields);
        services.AddKeyedSingleton(LeanCloudDialect.Name, (sp, _) => new UserCodec(LeanCloudDialect.Fields, leanCloudOperators: true));
        services.AddSingleton<LeanCloudErrorMap>();
        services.AddSingleton<LeanCloudEnvelope>();
        services.AddSingleton<LeanCloudUserQueries>();
        return services;
    }

    /// <summary>CORS and the error boundary on the mount path, when LeanCloud:AppId is set.</summary>
    public static IApplicationBuilder UseLeanCloudDialect(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<IOptions<LeanCloudOptions>>().Value;
        if (!settings.Enabled) return app;
        var errors = app.ApplicationServices.GetRequiredService<LeanCloudErrorMap>();
        return app.UseWhen(
            http => http.Request.Path.StartsWithSegments(settings.MountPath, StringComparison.OrdinalIgnoreCase),
            dialect => dialect.UseDialectTag(LeanCloudDialect.Name).UseMiddleware<LeanCloudCors>().UseMiddleware<WireErrorBoundary>((IWireErrorMap)errors));
    }

    /// <summary>The dialect's routes under its mount path, when LeanCloud:AppId is set.</summary>
    public static IEndpointRouteBuilder MapLeanCloudDialect(this IEndpointRouteBuilder endpoints)
    {
        var settings = endpoints.ServiceProvider.GetRequiredService<IOptions<LeanCloudOptions>>().Value;
        if (!settings.Enabled) return endpoints;
        var group = endpoints.MapGroup(settings.MountPath);
        group.AddEndpointFilter(endpoints.ServiceProvider.GetRequiredService<LeanCloudEnvelope>());
        group.MapLeanCloudUsersEndpoints()
            .MapLeanCloudSmsEndpoints()
            .MapLeanCloudObjectsEndpoints()
            .MapLeanCloudBatchEndpoints()
            .MapLeanCloudSchemasEndpoints()
            .MapLeanCloudCloudQueryEndpoints()
            .MapNotFound();
        return endpoints;
    }
}
