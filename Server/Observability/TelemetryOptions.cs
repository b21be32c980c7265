namespace PhoneAuth.Server.Observability;

/// <summary>
/// The <c>Telemetry</c> section: where OpenTelemetry sends traces and metrics. With neither an OTLP endpoint
/// nor the Prometheus endpoint, OpenTelemetry is not started at all (the meters and spans cost nothing
/// while nobody listens; <c>dotnet-counters</c> can still read the meters).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The service.name of every span and metric. Defaults to "phoneauth".</summary>
    public string ServiceName { get; set; } = "phoneauth";

    public OtlpTelemetryOptions Otlp { get; set; } = new();

    public PrometheusTelemetryOptions Prometheus { get; set; } = new();
}

/// <summary>The <c>Telemetry:Otlp</c> section.</summary>
public sealed class OtlpTelemetryOptions
{
    /// <summary>
    /// The collector to send traces and metrics to, e.g. <c>http://otel-collector:4317</c>. Unset (the default):
    /// nothing is exported. Further settings (headers, sampler) come from the standard OTEL_* variables.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (the default, port 4317) or <c>http/protobuf</c> (port 4318).</summary>
    public string Protocol { get; set; } = "grpc";
}

/// <summary>The <c>Telemetry:Prometheus</c> section.</summary>
public sealed class PrometheusTelemetryOptions
{
    /// <summary>Whether the server answers Prometheus scrapes of its metrics. Defaults to false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// Where, at the root of the server and not under the public mount path (keep it off the proxy). Defaults
    /// to <c>/metrics</c>.
    /// </summary>
    public string Path { get; set; } = "/metrics";
}
