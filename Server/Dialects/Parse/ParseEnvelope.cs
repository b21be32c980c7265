using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>What the Parse envelope carried: the body without its reserved keys, and the keys, checked.</summary>
public sealed record ParseEnvelope(JsonObject Body, bool IsMaster, string? SessionToken, string? InstallationId, JsonObject Context);

/// <summary>
/// Reads the Parse SDK's envelope once, before routing, because the SDK tunnels every method through
/// POST with <c>_method</c> in a text/plain JSON body. Keys come from the X-Parse-* headers or the
/// body's reserved keys; a missing or wrong application id or client key is refused here, before
/// anything else runs. The result is the <see cref="ParseEnvelope"/> feature.
/// </summary>
internal sealed class ParseEnvelopeReader(RequestDelegate next, IOptions<ParseOptions> options)
{
    private static readonly string[] ReservedKeys =
    [
        "_ApplicationId", "_JavaScriptKey", "_ClientKey", "_ClientVersion", "_InstallationId", "_SessionToken",
        "_MasterKey", "_MaintenanceKey", "_context", "_method", "_RevocableSession", "_ContentType",
    ];

    public async Task InvokeAsync(HttpContext http)
    {
        var settings = options.Value;
        var body = await WireBody.ReadAsync(http, settings.MaxBodySize);
        if (HttpMethods.IsPost(http.Request.Method) && WireJson.Text(body["_method"]) is { } method)
            http.Request.Method = method.ToUpperInvariant();

        var keys = ParseKeys.Read(http.Request.Headers, body, settings) ?? throw new UnauthorizedRequestException();
        var context = ReadContext(http, body);
        foreach (var key in ReservedKeys) body.Remove(key);
        http.Features.Set(new ParseEnvelope(body, keys.IsMaster, keys.SessionToken, keys.InstallationId, context));
        await next(http);
    }

    /// <summary>The cloud context: <c>_context</c> in the body, or the X-Parse-Cloud-Context header; an object or JSON text of one.</summary>
    private static JsonObject ReadContext(HttpContext http, JsonObject body)
    {
        var node = body["_context"];
        if (node is null && http.Request.Headers.TryGetValue("X-Parse-Cloud-Context", out var header)) node = JsonValue.Create(header.ToString());
        if (node is null) return [];
        if (WireJson.Text(node) is { } text)
        {
            try { node = WireJson.Parse(text); }
            catch (PhoneAuthException ex) { throw new PhoneAuthException(AuthError.InvalidContext, ex.Message, ex); }
        }
        return node is JsonObject context ? (JsonObject)context.DeepClone() : throw new PhoneAuthException(AuthError.InvalidContext);
    }
}
