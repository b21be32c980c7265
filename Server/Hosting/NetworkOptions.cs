namespace PhoneAuth.Server.Hosting;

/// <summary>
/// The <c>Network</c> section: which proxies may tell the client's real address (X-Forwarded-For,
/// X-Forwarded-Proto). Per-IP limits count that address. Defaults to none: forwarded headers are
/// ignored, so a client cannot forge its address.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Network";

    /// <summary>Addresses of trusted proxies, e.g. ["10.0.0.5"].</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. ["10.0.0.0/8"].</summary>
    public List<string> KnownNetworks { get; set; } = [];
}
