using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>Marks a route that ignores the session token (Parse Server's /login).</summary>
public sealed class IgnoresSessionToken;

/// <summary>Marks a route that resolves the token itself, to answer a bad one in its own words (GET /sessions/me).</summary>
public sealed class ResolvesOwnSessionToken;

/// <summary>
/// The caller of a Parse request: the envelope's keys and the session its token resolves to (an invalid
/// or expired token is 209 on every route, as in Parse Server), in the core's neutral terms.
/// </summary>
internal sealed class ParseSessionFilter(SessionService sessions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var envelope = http.Features.Get<ParseEnvelope>() ?? throw new InvalidOperationException("The Parse envelope was not read.");
        var metadata = http.GetEndpoint()?.Metadata;
        var token = metadata?.GetMetadata<IgnoresSessionToken>() is null ? envelope.SessionToken : null;
        var session = token is null || metadata?.GetMetadata<ResolvesOwnSessionToken>() is not null
            ? null
            : await sessions.ResolveAsync(token, http.RequestAborted);

        http.Features.Set(new WireRequest
        {
            Body = envelope.Body,
            PresentedToken = token,
            Caller = new RequestContext
            {
                IsMaster = envelope.IsMaster,
                Session = session,
                SessionToken = session is null ? null : token,
                InstallationId = envelope.InstallationId,
                Ip = http.Connection.RemoteIpAddress?.ToString(),
                Headers = new HeaderView(http.Request.Headers),
                Context = envelope.Context,
                Locale = Locales.FromRequest(http.Request),
            },
        });
        return await next(context);
    }
}
