using System.Net;

namespace PhoneAuth.Server.Operators;

/// <summary>The <c>Console</c> section: the operators' console at <c>/console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Whether /console is served. Defaults to on in Development and off elsewhere (unset); set true or false to decide.</summary>
    public bool? Enabled { get; set; }

    /// <summary>How long a console session lasts without a request (sliding). Defaults to 30 minutes.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a console session lasts at most, however busy. Defaults to 8 hours.</summary>
    public TimeSpan SessionMaxLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Wrong master keys one client address may try in <see cref="SignInFailureWindow"/> before sign-in is refused (429) there. Defaults to 10.</summary>
    public int MaxSignInFailures { get; set; } = 10;

    /// <summary>The window of <see cref="MaxSignInFailures"/>, counted in the database (so across processes). Defaults to 15 minutes.</summary>
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Client addresses (as the server sees them, after trusted proxies) that may reach the console: single
    /// addresses ("203.0.113.9") or networks ("10.0.0.0/8"). Empty (the default): any address.
    /// </summary>
    public List<string> AllowedIps { get; set; } = [];

    /// <summary>
    /// The folder of the ASP.NET Data Protection key ring that seals console cookies and CSRF tokens. Several
    /// server processes must share one folder (or the same mounted volume), or a cookie made by one is refused
    /// by the others. Unset: ASP.NET's default place for this user (~/.aspnet/DataProtection-Keys), fine for one process.
    /// </summary>
    public string? KeysPath { get; set; }

    internal IReadOnlyList<IPNetwork> AllowedNetworks() =>
        [.. AllowedIps.Select(entry => entry.Contains('/') ? IPNetwork.Parse(entry) : new IPNetwork(IPAddress.Parse(entry), IPAddress.Parse(entry).GetAddressBytes().Length * 8))];

    internal bool Allows(IPAddress? address)
    {
        if (AllowedIps.Count == 0) return true;
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return AllowedNetworks().Any(n => n.Contains(address));
    }
}
