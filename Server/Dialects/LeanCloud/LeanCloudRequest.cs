using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>A LeanCloud request after its keys and session were read; the middleware sets it as a feature.</summary>
public sealed class LeanCloudRequest
{
    public required JObject Body { get; init; }
    public required RequestContext Caller { get; init; }

    /// <summary>
    /// Whether X-LC-Session named a session that does not exist (revoked, expired). The SDKs send the
    /// stored token on every request, so anonymous endpoints ignore it; endpoints that need a user say so.
    /// </summary>
    public bool StaleSession { get; init; }

    /// <summary>The caller's user, or 211 for a stale token and 206 for none.</summary>
    public CloudFunctions.Model.UserRecord RequireUser() =>
        Caller.User ?? throw new PhoneAuthException(StaleSession ? AuthError.SessionInvalid : AuthError.LoginRequired);
}

internal static class LeanCloudRequestExtensions
{
    public static LeanCloudRequest LeanCloud(this HttpContext http) =>
        http.Features.Get<LeanCloudRequest>() ?? throw new InvalidOperationException("The LeanCloud dialect middleware did not run.");

    /// <summary>A string value of the body; absent or null is null, any other type is a 1 naming the field.</summary>
    public static string? String(this LeanCloudRequest request, string name) => request.Body[name] switch
    {
        null or { Type: JTokenType.Null } => null,
        JValue { Type: JTokenType.String } value => (string?)value,
        _ => throw new PhoneAuthException(AuthError.InvalidParameterType) { Args = [name, "String"] },
    };

    /// <summary>A required string value; a missing mobilePhoneNumber is LeanCloud's 212.</summary>
    public static string RequireString(this LeanCloudRequest request, string name) =>
        request.String(name) is { Length: > 0 } value ? value : throw new PhoneAuthException(AuthError.MissingParameter) { Args = [name] };
}
