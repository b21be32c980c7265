using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// A request after its dialect read the envelope, keys and session: the body without the transport's
/// reserved keys, and the caller in neutral terms. Set as a request feature; handlers read it.
/// </summary>
public sealed class WireRequest
{
    public required JsonObject Body { get; init; }
    public required RequestContext Caller { get; init; }

    /// <summary>The session token as presented, even where the dialect did not resolve it (Parse's /sessions/me).</summary>
    public string? PresentedToken { get; init; }

    /// <summary>
    /// Whether the token named a session that does not exist (revoked, expired), where the dialect lets
    /// anonymous endpoints ignore it (LeanCloud's SDKs send the stored token on every request).
    /// </summary>
    public bool StaleSession { get; init; }

    /// <summary>The caller's user, or SessionInvalid for a stale token and LoginRequired for none.</summary>
    public UserRecord RequireUser() =>
        Caller.User ?? throw new PhoneAuthException(StaleSession ? AuthError.SessionInvalid : AuthError.LoginRequired);

    /// <summary>A string value of the body; absent or null is null, any other type is InvalidParameterType naming the field.</summary>
    public string? String(string name) => Body[name] switch
    {
        null => null,
        var value when WireJson.Text(value) is { } text => text,
        _ => throw new PhoneAuthException(AuthError.InvalidParameterType) { Args = [name, "String"] },
    };

    /// <summary>A required, non-empty string value of the body, or MissingParameter naming it.</summary>
    public string RequireString(string name) =>
        String(name) is { Length: > 0 } value ? value : throw new PhoneAuthException(AuthError.MissingParameter) { Args = [name] };
}

public static class WireRequestExtensions
{
    /// <summary>The request as its dialect read it; only endpoints of a dialect's route group have one.</summary>
    public static WireRequest Wire(this HttpContext http) =>
        http.Features.Get<WireRequest>() ?? throw new InvalidOperationException("No dialect read this request.");
}
