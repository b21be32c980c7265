using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// What a cloud function receives: the fields Parse Server's FunctionsRouter passes
/// (params, user, master, installationId, ip, headers, context, functionName) and a CancellationToken.
/// </summary>
public sealed class CloudRequest : CallerRequest
{
    public required string FunctionName { get; init; }

    /// <summary>The parameters, without the transport's reserved keys.</summary>
    public required JsonObject Params { get; init; }

    /// <summary>App data with the caller's rights (its user, session and roles); <c>Data.AsMaster()</c> for the master key's.</summary>
    public CloudData.CloudData Data => _data ??= DataFor?.Invoke(Caller) ?? throw new InvalidOperationException("This request has no data API.");

    private CloudData.CloudData? _data;
    internal Func<RequestContext, CloudData.CloudData>? DataFor { get; init; }

    /// <summary>The string parameter <paramref name="name"/>, or null when absent. Types are checked by the rules.</summary>
    public string? GetString(string name) =>
        Params[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// The string parameter <paramref name="name"/>, or 142 when it is absent. The rules check it too, but
    /// the master key skips the rules, so a handler must not assume.
    /// </summary>
    public string RequireString(string name) =>
        GetString(name) ?? throw new Errors.PhoneAuthException(Errors.AuthError.MissingParameter) { Args = [name] };
}
