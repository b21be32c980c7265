using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Reads the Parse envelope once, before routing, because the SDK tunnels every method through POST
/// with <c>_method</c> in a text/plain JSON body: body, method override, keys, context and session
/// become a <see cref="ParseRequest"/>. It also renders every error of the dialect as Parse JSON.
/// </summary>
internal sealed class ParseDialectMiddleware(
    RequestDelegate next,
    IOptions<ParseOptions> options,
    SessionService sessions,
    ParseRateLimits rateLimits,
    ParseIdempotency idempotency,
    ILogger<ParseDialectMiddleware> logger)
{
    private static readonly string[] ReservedKeys =
    [
        "_ApplicationId", "_JavaScriptKey", "_ClientKey", "_ClientVersion", "_InstallationId", "_SessionToken",
        "_MasterKey", "_MaintenanceKey", "_context", "_method", "_RevocableSession", "_ContentType",
    ];

    public async Task InvokeAsync(HttpContext http)
    {
        var settings = options.Value;
        ParseCors.Apply(http, settings.AllowOrigins);
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            await http.Response.WriteAsync("OK");
            return;
        }

        var path = http.Request.Path.Value![settings.MountPath.Length..];
        if (path.Equals("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        var locale = Locales.FromRequest(http.Request);
        try
        {
            var body = await JsonBody.ReadAsync(http, settings.MaxBodySize);
            if (HttpMethods.IsPost(http.Request.Method) && body["_method"] is JValue { Type: JTokenType.String } method)
                http.Request.Method = ((string)method!).ToUpperInvariant();

            if (!TryReadKeys(http, body, settings, out var keys))
            {
                await http.Response.WriteUnauthorizedAsync();
                return;
            }
            var context = ReadContext(http, body);
            foreach (var key in ReservedKeys) body.Remove(key);

            // Parse Server ignores a token on /login, and GET /sessions/me answers bad tokens itself.
            var ignoresToken = path.Equals("/login", StringComparison.OrdinalIgnoreCase);
            var resolvesOwnToken = HttpMethods.IsGet(http.Request.Method) && path.Equals("/sessions/me", StringComparison.OrdinalIgnoreCase);
            var token = ignoresToken ? null : keys.SessionToken;
            var session = token is null || resolvesOwnToken ? null : await sessions.ResolveAsync(token, http.RequestAborted);

            var caller = new RequestContext
            {
                IsMaster = keys.IsMaster,
                Session = session,
                SessionToken = session is null ? null : token,
                InstallationId = keys.InstallationId,
                Ip = http.Connection.RemoteIpAddress?.ToString(),
                Headers = new HeaderView(http.Request.Headers),
                Context = context,
                Locale = locale,
            };
            http.Features.Set(new ParseRequest { Body = body, SessionToken = token, Caller = caller });
            await rateLimits.CheckAsync(http.Request.Method, path, caller, http.RequestAborted);
            var requestId = await idempotency.EnterAsync(http, path, http.RequestAborted);
            try
            {
                await next(http);
            }
            catch (StorageException ex) when (ex.IsTransient && requestId is not null)
            {
                await idempotency.ReleaseAsync(requestId);
                throw;
            }
            // No route (404) or no such method on the route (405): our handlers always write a body.
            if (!http.Response.HasStarted && http.Response.StatusCode is 404 or 405)
                await http.Response.WriteErrorAsync(StatusCodes.Status404NotFound, ParseErrorCode.ObjectNotFound, $"Cannot {http.Request.Method} {http.Request.Path}");
        }
        catch (Exception ex) when (!http.Response.HasStarted && !(ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            await WriteErrorAsync(http, ex, locale);
        }
    }

    private sealed record Keys(bool IsMaster, string? SessionToken, string? InstallationId);

    /// <summary>Headers first, then the SDK's body envelope. A reserved key that is not a string is refused, as in Parse Server.</summary>
    private static bool TryReadKeys(HttpContext http, JObject body, ParseOptions settings, out Keys keys)
    {
        keys = new Keys(false, null, null);
        var headers = http.Request.Headers;
        var valid = true;
        string? Envelope(string name)
        {
            var token = body[name];
            if (token is null || token.Type == JTokenType.Null) return null;
            if (token.Type != JTokenType.String) valid = false;
            return token.Type == JTokenType.String ? (string?)token : null;
        }
        string? Header(string name) => headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

        var appId = Header("X-Parse-Application-Id");
        if (appId != settings.AppId) appId = Envelope("_ApplicationId");
        var masterKey = Header("X-Parse-Master-Key") ?? Envelope("_MasterKey");
        var sessionToken = Header("X-Parse-Session-Token") ?? Envelope("_SessionToken");
        var installationId = Header("X-Parse-Installation-Id") ?? Envelope("_InstallationId");
        var javaScriptKey = Header("X-Parse-Javascript-Key") ?? Envelope("_JavaScriptKey");
        var clientKey = Header("X-Parse-Client-Key") ?? Envelope("_ClientKey");
        if (!valid || appId != settings.AppId) return false;

        var isMaster = Secrets.Equal(masterKey, settings.MasterKey);
        if (settings.HasClientKeys && !isMaster)
        {
            var matches = Secrets.Equal(clientKey, settings.ClientKey)
                || Secrets.Equal(javaScriptKey, settings.JavaScriptKey)
                || Secrets.Equal(Header("X-Parse-REST-API-Key"), settings.RestApiKey)
                || Secrets.Equal(Header("X-Parse-Windows-Key"), settings.DotNetKey);
            if (!matches) return false;
        }
        keys = new Keys(isMaster, string.IsNullOrEmpty(sessionToken) ? null : sessionToken, installationId);
        return true;
    }

    /// <summary>The cloud context: <c>_context</c> in the body, or the X-Parse-Cloud-Context header; an object or JSON text of one.</summary>
    private static JsonObject ReadContext(HttpContext http, JObject body)
    {
        JToken? token = body["_context"];
        if (token is null && http.Request.Headers.TryGetValue("X-Parse-Cloud-Context", out var header)) token = header.ToString();
        if (token is null || token.Type == JTokenType.Null) return [];
        if (token.Type == JTokenType.String)
        {
            try { token = ParseJson.Parse(System.Text.Encoding.UTF8.GetBytes((string)token!)); }
            catch (JsonException ex) { throw new PhoneAuthException(AuthError.InvalidContext, ex.Message, ex); }
        }
        return token is JObject context ? JsonNodes.ToObject(context) : throw new PhoneAuthException(AuthError.InvalidContext);
    }

    private async Task WriteErrorAsync(HttpContext http, Exception ex, string locale)
    {
        var response = http.Response;
        response.Clear();
        ParseCors.Apply(http, options.Value.AllowOrigins);
        switch (ex)
        {
            case PhoneAuthException auth:
                var entry = ParseErrorMap.For(auth.Error);
                await response.WriteErrorAsync(entry.Status, entry.Code, ParseErrorMap.Message(auth, locale), auth.RetryAfter);
                break;
            case CloudFunctionException cloud:
                var status = cloud.Code switch { ParseErrorCode.ObjectNotFound => 404, ParseErrorCode.InternalServerError => 500, _ => 400 };
                await response.WriteErrorAsync(status, cloud.Code, cloud.Message);
                break;
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await response.WriteErrorAsync(StatusCodes.Status413PayloadTooLarge, ParseErrorCode.ObjectTooLarge, "The request body is too large.");
                break;
            case BadHttpRequestException bad:
                await response.WriteErrorAsync(StatusCodes.Status400BadRequest, ParseErrorCode.InvalidJson, bad.Message);
                break;
            case StorageException { IsTransient: true }:
                // 503 is retryable: the SDK retries 5xx, and nothing was accepted.
                await response.WriteErrorAsync(StatusCodes.Status503ServiceUnavailable, ParseErrorCode.InternalServerError,
                    "The service is temporarily unavailable. Try again shortly.", TimeSpan.FromSeconds(1));
                break;
            default:
                logger.LogError(LogEvents.RequestFailed, ex, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
                await response.WriteErrorAsync(StatusCodes.Status500InternalServerError, ParseErrorCode.InternalServerError, "Internal server error.");
                break;
        }
    }
}
