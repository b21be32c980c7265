using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.CloudFunctions.Context;

/// <summary>
/// What a dialect learned about the caller, in neutral terms: no header names, no body keys.
/// The dialect builds it before the core sees the request.
/// </summary>
public sealed class RequestContext
{
    /// <summary>True when the master key was presented and matched.</summary>
    public bool IsMaster { get; init; }

    /// <summary>The session the caller's token resolved to, or null for an anonymous caller.</summary>
    public ResolvedSession? Session { get; init; }

    /// <summary>The logged-in user, or null.</summary>
    public UserRecord? User => Session?.User;

    /// <summary>The session token as presented, for answers that echo it (users/me).</summary>
    public string? SessionToken { get; init; }

    public string? InstallationId { get; init; }

    /// <summary>The client's IP address as the server sees it (after trusted proxies).</summary>
    public string? Ip { get; init; }

    /// <summary>The raw request headers, for application code.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The client-supplied context object (Parse's <c>_context</c>).</summary>
    public JsonObject Context { get; init; } = [];

    /// <summary>The caller's language for messages and SMS texts: "zh" or "en".</summary>
    public string Locale { get; init; } = "en";
}
