using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Kernel;
using PhoneAuth.Server.Security;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Reads a LeanCloud request the way LeanCloud does, as a filter on the dialect's route group: the
/// keys first — X-LC-Id, then X-LC-Sign (md5(timestamp + key),timestamp[,master], within
/// <see cref="LeanCloudOptions.MaxClockSkew"/>) or X-LC-Key — then the JSON body, then X-LC-Session.
/// The SDKs send their stored token on every request, so a dead one is remembered, not refused:
/// endpoints that need a user answer it.
/// </summary>
internal sealed class LeanCloudEnvelope(IOptions<LeanCloudOptions> options, SessionService sessions, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.Value;
        if (!TryAuthenticate(http.Request.Headers, settings, out var isMaster)) throw new UnauthorizedRequestException();
        var body = await WireBody.ReadAsync(http, settings.MaxBodySize);
        var token = http.Request.Headers["X-LC-Session"].ToString();
        ResolvedSession? session = null;
        var stale = false;
        if (token.Length > 0)
        {
            try { session = await sessions.ResolveAsync(token, http.RequestAborted); }
            catch (PhoneAuthException ex) when (ex.Error is AuthError.SessionInvalid or AuthError.SessionExpired) { stale = true; }
        }
        http.Features.Set(new WireRequest
        {
            Body = body,
            PresentedToken = token.Length > 0 ? token : null,
            StaleSession = stale,
            Caller = new RequestContext
            {
                IsMaster = isMaster,
                Session = session,
                SessionToken = session is null ? null : token,
                Ip = http.Connection.RemoteIpAddress?.ToString(),
                Headers = new HeaderView(http.Request.Headers),
                Locale = Locales.FromRequest(http.Request),
            },
        });
        return await next(context);
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
}

/// <summary>CORS as LeanCloud answers it, on every response of the dialect; OPTIONS is answered before any key check.</summary>
internal sealed class LeanCloudCors(RequestDelegate next)
{
    private const string AllowHeaders =
        "X-LC-Id, X-LC-Key, X-LC-Sign, X-LC-Session, X-LC-Prod, X-LC-UA, X-LC-Hook-Key, Content-Type, X-Requested-With";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.AccessControlAllowOrigin = "*";
            headers.AccessControlAllowMethods = "GET,PUT,POST,DELETE,OPTIONS";
            headers.AccessControlAllowHeaders = AllowHeaders;
            return Task.CompletedTask;
        });
        if (!HttpMethods.IsOptions(http.Request.Method)) return next(http);
        http.Response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }
}
