using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Context;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// A request after the envelope was read: the body without the transport's reserved keys, and the
/// caller in neutral terms. The middleware sets it as a request feature; handlers read it.
/// </summary>
public sealed class ParseRequest
{
    public required JObject Body { get; init; }
    public required RequestContext Caller { get; init; }

    /// <summary>The session token as presented, even where the middleware did not resolve it (/sessions/me).</summary>
    public string? SessionToken { get; init; }
}

internal static class ParseRequestExtensions
{
    public static ParseRequest Parse(this HttpContext http) =>
        http.Features.Get<ParseRequest>() ?? throw new InvalidOperationException("The Parse dialect middleware did not run.");
}
