using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Security;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Authenticates every request of the dialect the way LeanCloud does — X-LC-Id, then X-LC-Sign
/// (md5(timestamp + key),timestamp[,master], within <see cref="LeanCloudOptions.MaxClockSkew"/>) or
/// X-LC-Key — resolves X-LC-Session, reads the JSON body, and renders every error as LeanCloud JSON.
/// </summary>
internal sealed class LeanCloudDialectMiddleware(
    RequestDelegate next,
    IOptions<LeanCloudOptions> options,
    SessionService sessions,
    TimeProvider time,
    ILogger<LeanCloudDialectMiddleware> logger)
{
    private const string AllowHeaders =
        "X-LC-Id, X-LC-Key, X-LC-Sign, X-LC-Session, X-LC-Prod, X-LC-UA, X-LC-Hook-Key, Content-Type, X-Requested-With";

    public async Task InvokeAsync(HttpContext http)
    {
        var settings = options.Value;
        ApplyCors(http);
        if (HttpMethods.IsOptions(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        var locale = Locales.FromRequest(http.Request);
        try
        {
            if (!TryAuthenticate(http.Request.Headers, settings, out var isMaster))
            {
                await http.Response.WriteErrorAsync(StatusCodes.Status401Unauthorized, LeanCloudErrorCode.Unauthorized, "Unauthorized.");
                return;
            }
            var body = await JsonBody.ReadAsync(http, settings.MaxBodySize);
            var token = http.Request.Headers["X-LC-Session"].ToString();
            ResolvedSession? session = null;
            var stale = false;
            if (token.Length > 0)
            {
                try { session = await sessions.ResolveAsync(token, http.RequestAborted); }
                catch (PhoneAuthException ex) when (ex.Error is AuthError.SessionInvalid or AuthError.SessionExpired) { stale = true; }
            }
            var caller = new RequestContext
            {
                IsMaster = isMaster,
                Session = session,
                SessionToken = session is null ? null : token,
                Ip = http.Connection.RemoteIpAddress?.ToString(),
                Headers = new HeaderView(http.Request.Headers),
                Locale = locale,
            };
            http.Features.Set(new LeanCloudRequest { Body = body, Caller = caller, StaleSession = stale });
            await next(http);
            if (!http.Response.HasStarted && http.Response.StatusCode is 404 or 405)
                await http.Response.WriteErrorAsync(StatusCodes.Status404NotFound, LeanCloudErrorCode.ObjectNotFound, $"Cannot {http.Request.Method} {http.Request.Path}");
        }
        catch (Exception ex) when (!http.Response.HasStarted && !(ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            await WriteErrorAsync(http, ex, locale);
        }
    }

    /// <summary>X-LC-Id must be the app's; then a valid X-LC-Sign, else X-LC-Key ("key" or "masterKey,master").</summary>
    private bool TryAuthenticate(IHeaderDictionary headers, LeanCloudOptions settings, out bool isMaster)
    {
        isMaster = false;
        if (!Secrets.Equal(headers["X-LC-Id"].ToString(), settings.AppId)) return false;
        if (headers.TryGetValue("X-LC-Sign", out var sign))
        {
            var result = LeanCloudSign.Verify(sign.ToString(), settings.AppKey, settings.MasterKey, time.GetUtcNow(), settings.MaxClockSkew);
            isMaster = result == LeanCloudSign.Result.MasterKey;
            return result != LeanCloudSign.Result.Invalid;
        }
        var key = headers["X-LC-Key"].ToString();
        if (key.EndsWith(",master", StringComparison.Ordinal))
        {
            isMaster = Secrets.Equal(key[..^",master".Length], settings.MasterKey);
            return isMaster;
        }
        return Secrets.Equal(key, settings.AppKey);
    }

    private static void ApplyCors(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.AccessControlAllowOrigin = "*";
        headers.AccessControlAllowMethods = "GET,PUT,POST,DELETE,OPTIONS";
        headers.AccessControlAllowHeaders = AllowHeaders;
    }

    private async Task WriteErrorAsync(HttpContext http, Exception ex, string locale)
    {
        var response = http.Response;
        response.Clear();
        ApplyCors(http);
        switch (ex)
        {
            case PhoneAuthException auth:
                var entry = LeanCloudErrorMap.For(auth);
                await response.WriteErrorAsync(entry.Status, entry.Code, LeanCloudErrorMap.Message(auth, locale), auth.RetryAfter);
                break;
            case CloudFunctionException cloud:
                await response.WriteErrorAsync(cloud.Code == LeanCloudErrorCode.ObjectNotFound ? 404 : 400, cloud.Code, cloud.Message);
                break;
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                await response.WriteErrorAsync(StatusCodes.Status413PayloadTooLarge, LeanCloudErrorCode.InternalError, "The request body is too large.");
                break;
            case BadHttpRequestException bad:
                await response.WriteErrorAsync(StatusCodes.Status400BadRequest, LeanCloudErrorCode.InvalidJson, bad.Message);
                break;
            case StorageException { IsTransient: true }:
                await response.WriteErrorAsync(StatusCodes.Status503ServiceUnavailable, LeanCloudErrorCode.InternalError,
                    "The service is temporarily unavailable. Try again shortly.", TimeSpan.FromSeconds(1));
                break;
            default:
                logger.LogError(LogEvents.RequestFailed, ex, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
                await response.WriteErrorAsync(StatusCodes.Status500InternalServerError, LeanCloudErrorCode.InternalError, "Internal server error.");
                break;
        }
    }
}
