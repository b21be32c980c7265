using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PhoneAuth.CloudFunctions.Telemetry;
using PhoneAuth.Server.Dialects.Kernel;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Server.Observability;

/// <summary>
/// Readiness (ASP.NET Core health checks: the database and the session cache's channel), and OpenTelemetry:
/// the server's own meter and spans, ASP.NET Core's and Npgsql's, exported by OTLP and/or scraped by
/// Prometheus, as <see cref="TelemetryOptions"/> says. Liveness stays the Parse dialect's cheap /health.
/// </summary>
public static class ObservabilityExtensions
{
    /// <summary>The readiness check, under the Parse mount beside the liveness check: <c>/parse/health/ready</c>.</summary>
    public const string ReadyPath = "/health/ready";

    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddPhoneAuthObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<UserChangesHealthCheck>("userChanges", tags: [ReadyTag]);

        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section)
            .Validate(o => o.Otlp.Protocol is "grpc" or "http/protobuf", "Telemetry:Otlp:Protocol must be \"grpc\" or \"http/protobuf\".")
            .Validate(o => string.IsNullOrWhiteSpace(o.Otlp.Endpoint) || Uri.TryCreate(o.Otlp.Endpoint, UriKind.Absolute, out _),
                "Telemetry:Otlp:Endpoint must be an absolute URL, such as \"http://otel-collector:4317\".")
            .Validate(o => o.Prometheus.Path.StartsWith('/'), "Telemetry:Prometheus:Path must start with '/'.")
            .ValidateOnStart();
        var telemetry = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(telemetry.Otlp.Endpoint) && Uri.TryCreate(telemetry.Otlp.Endpoint, UriKind.Absolute, out _);
        if (!otlp && !telemetry.Prometheus.Enabled) return builder;

        var openTelemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(telemetry.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PhoneAuthMetrics.MeterName).AddAspNetCoreInstrumentation().AddNpgsqlInstrumentation();
                if (telemetry.Prometheus.Enabled) metrics.AddPrometheusExporter();
            });
        if (otlp)
        {
            openTelemetry.WithTracing(tracing => tracing
                .AddSource(PhoneAuthActivities.SourceName)
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddProcessor(new TelemetryRedaction()));
            var protocol = telemetry.Otlp.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
            openTelemetry.UseOtlpExporter(protocol, new Uri(telemetry.Otlp.Endpoint!));
        }
        return builder;
    }

    /// <summary>Maps the readiness check and, when enabled, the Prometheus scrape endpoint.</summary>
    public static IEndpointRouteBuilder MapPhoneAuthObservability(this IEndpointRouteBuilder endpoints)
    {
        var mount = endpoints.ServiceProvider.GetRequiredService<IOptions<ParseOptions>>().Value.MountPath;
        endpoints.MapHealthChecks(mount + ReadyPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReadinessAsync,
        });
        var prometheus = endpoints.ServiceProvider.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus;
        if (prometheus.Enabled) endpoints.MapPrometheusScrapingEndpoint(prometheus.Path);
        return endpoints;
    }

    /// <summary><c>{"status":"Healthy","checks":{"database":"Healthy","userChanges":"Degraded"}}</c>: 200 unless a check is unhealthy (503).</summary>
    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        var checks = new JsonObject();
        foreach (var (name, entry) in report.Entries) checks[name] = entry.Status.ToString();
        return http.Response.WriteJsonAsync(new JsonObject { ["status"] = report.Status.ToString(), ["checks"] = checks }, http.Response.StatusCode);
    }
}
