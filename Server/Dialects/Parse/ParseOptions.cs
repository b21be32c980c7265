namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>The <c>Parse</c> section: keys and the transport.</summary>
public sealed class ParseOptions
{
    public const string Section = "Parse";

    /// <summary>The application id every request must carry. Defaults to "phoneauth-dev".</summary>
    public string AppId { get; set; } = "phoneauth-dev";

    /// <summary>The master key. Required outside Development; never logged.</summary>
    public string MasterKey { get; set; } = "";

    /// <summary>Client keys. When any is set, every non-master request must carry a matching one, as in Parse Server.</summary>
    public string? ClientKey { get; set; }
    public string? JavaScriptKey { get; set; }
    public string? RestApiKey { get; set; }
    public string? DotNetKey { get; set; }

    /// <summary>Where the dialect is mounted. Defaults to "/parse".</summary>
    public string MountPath { get; set; } = "/parse";

    /// <summary>Allowed CORS origins; empty (the default) or "*" allows any, as Parse Server.</summary>
    public List<string> AllowOrigins { get; set; } = [];

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. Defaults to 1 MiB.</summary>
    public long MaxBodySize { get; set; } = 1024 * 1024;

    /// <summary>Parse Server's rateLimit: limits per route. Defaults to none.</summary>
    public List<RouteRateLimitOptions> RateLimits { get; set; } = [];

    /// <summary>Parse Server's idempotencyOptions: requests carrying X-Parse-Request-Id on these paths run once.</summary>
    public IdempotencyOptions Idempotency { get; set; } = new();

    internal bool HasClientKeys =>
        !string.IsNullOrEmpty(ClientKey) || !string.IsNullOrEmpty(JavaScriptKey)
        || !string.IsNullOrEmpty(RestApiKey) || !string.IsNullOrEmpty(DotNetKey);
}

/// <summary>The <c>Parse:Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>Whether X-Parse-Request-Id is honoured. Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Regular expressions matched against the whole path under the mount, without its leading "/".
    /// Empty (the default) means cloud functions and user sign-up: "functions/.*" and "users".
    /// (A list default would be appended to by configuration, so the default lives in <see cref="EffectivePaths"/>.)
    /// </summary>
    public List<string> Paths { get; set; } = [];

    internal IReadOnlyList<string> EffectivePaths => !Enabled ? [] : Paths.Count > 0 ? Paths : ["functions/.*", "users"];

    /// <summary>How long a request id is remembered. Defaults to 5 minutes, as in Parse Server.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(5);
}
