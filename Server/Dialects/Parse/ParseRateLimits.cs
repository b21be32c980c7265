using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Parse Server's <c>rateLimit</c> option: per route, at most RequestCount requests per
/// RequestTimeWindow per zone (client IP, session, user or everyone), answered 429 with code 100 and
/// Retry-After. Counted in the database, so a limit holds across server processes.
/// </summary>
public sealed class RouteRateLimitOptions
{
    /// <summary>The path under the mount, in path-to-regexp form: "/functions/requestSmsCode", "/functions/*path", "/users{/*id}", "/users/:id".</summary>
    public string RequestPath { get; set; } = "";

    public TimeSpan RequestTimeWindow { get; set; }
    public int RequestCount { get; set; }
    public string ErrorResponseMessage { get; set; } = "Too many requests.";

    /// <summary>Methods the limit applies to (after the SDK's _method override); empty means all.</summary>
    public List<string> RequestMethods { get; set; } = [];

    /// <summary>Whether master-key requests count too. Defaults to false, as in Parse Server.</summary>
    public bool IncludeMasterKey { get; set; }

    /// <summary>"ip" (the default), "global", "session" (the token, else the IP) or "user" (the user, else the IP).</summary>
    public string Zone { get; set; } = "ip";
}

/// <summary>The route limits as an endpoint filter on the dialect's group: counted after the session is known.</summary>
internal sealed partial class ParseRateLimits(IRateLimitStore limits, TimeProvider time, IOptions<ParseOptions> options) : IEndpointFilter
{
    private readonly (Regex Path, RouteRateLimitOptions Limit, int Index)[] _routes =
        [.. options.Value.RateLimits.Select((limit, index) => (Pattern(limit.RequestPath), limit, index))];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (_routes.Length > 0)
        {
            var path = http.Request.Path.Value![options.Value.MountPath.Length..];
            await CheckAsync(http.Request.Method, path, http.Wire().Caller, http.RequestAborted);
        }
        return await next(context);
    }

    /// <summary>Counts the request against every limit of its route, or throws RateLimited (429, code 100).</summary>
    private async Task CheckAsync(string method, string path, RequestContext caller, CancellationToken cancellationToken)
    {
        foreach (var (pattern, limit, index) in _routes)
        {
            if (!pattern.IsMatch(path)) continue;
            if (limit.RequestMethods.Count > 0 && !limit.RequestMethods.Contains(method, StringComparer.OrdinalIgnoreCase)) continue;
            if (caller.IsMaster && !limit.IncludeMasterKey) continue;

            var rule = new RateLimitRule($"route:{index}:{Zone(limit.Zone, caller)}", limit.RequestCount, limit.RequestTimeWindow, "route");
            var decision = await limits.TryAcquireAsync([rule], time.GetUtcNow(), cancellationToken);
            if (!decision.Allowed)
                throw new PhoneAuthException(AuthError.RateLimited) { RetryAfter = decision.RetryAfter, PublicMessage = limit.ErrorResponseMessage };
        }
    }

    private static string Zone(string zone, RequestContext caller) => zone switch
    {
        "global" => "global",
        "session" when caller.SessionToken is { } token => "session:" + SessionTokens.Hash(token),
        "user" when caller.User is { } user => "user:" + user.Id,
        _ => "ip:" + caller.Ip,
    };

    /// <summary>path-to-regexp v8, enough of it: ":name" one segment, "*name" the rest, "{…}" optional, matched case-insensitively.</summary>
    internal static Regex Pattern(string path)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            switch (c)
            {
                case '{': regex.Append("(?:"); break;
                case '}': regex.Append(")?"); break;
                case ':' or '*':
                    var start = i + 1;
                    while (start < path.Length && (char.IsLetterOrDigit(path[start]) || path[start] == '_')) start++;
                    regex.Append(c == ':' ? "[^/]+" : ".*");
                    i = start - 1;
                    break;
                default: regex.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return new Regex(regex.Append("/?$").ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public static bool IsValid(RouteRateLimitOptions limit)
    {
        if (!limit.RequestPath.StartsWith('/') || limit.RequestCount < 1 || limit.RequestTimeWindow <= TimeSpan.Zero) return false;
        if (limit.Zone is not ("ip" or "global" or "session" or "user")) return false;
        try { Pattern(limit.RequestPath); return true; }
        catch (ArgumentException) { return false; }
    }
}
