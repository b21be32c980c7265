using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>The <c>Sessions</c> section.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>How long a session token is valid. Defaults to 365 days (Parse Server's sessionLength).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// How long a process may answer a session token from memory. Every change made through any server
    /// process (logout, revocation, a write to the user) reaches every cache at once, whatever this is;
    /// it bounds only how long a change made directly in the database goes unseen. Defaults to one
    /// minute; zero turns the cache off.
    /// </summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most sessions one process keeps in memory. Defaults to 10,000.</summary>
    [Range(0, int.MaxValue)]
    public int CacheSize { get; set; } = 10_000;
}
