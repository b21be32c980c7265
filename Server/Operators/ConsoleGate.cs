using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// The one door of every /console endpoint, in order: the IP allow-list (403), the console session (401;
/// only endpoints marked <see cref="ConsoleAnonymous"/>, the sign-in page and the stylesheets, go without),
/// and for every POST the CSRF token (403). It sits on the route group, so a route added later cannot miss it.
/// </summary>
internal sealed class ConsoleGate(ConsoleSessions sessions, IOptions<ConsoleOptions> options, IAntiforgery antiforgery, ILogger<ConsoleGate> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!options.Value.Allows(http.Connection.RemoteIpAddress))
        {
            logger.LogWarning(LogEvents.ConsoleSignInRefused, "Console request from {Ip} refused: not in Console:AllowedIps", http.Connection.RemoteIpAddress);
            return ConsoleResults.Refusal(StatusCodes.Status403Forbidden, "This address may not use the console. / 此地址不能使用控制台。");
        }
        var anonymous = http.GetEndpoint()?.Metadata.GetMetadata<ConsoleAnonymous>() is not null;
        if (!anonymous && !sessions.Validate(http))
            return ConsoleResults.Refusal(StatusCodes.Status401Unauthorized, "Sign in to the console first. / 请先登录控制台。", signInLink: true);
        if (HttpMethods.IsPost(http.Request.Method) && !await antiforgery.IsRequestValidAsync(http))
            return ConsoleResults.Refusal(StatusCodes.Status403Forbidden, "The form's CSRF token is missing or wrong: reload the page. / 表单的 CSRF 令牌缺失或无效，请刷新页面。");
        return await next(context);
    }
}

/// <summary>Marks the console endpoints reachable without a console session (still behind the allow-list and CSRF).</summary>
internal sealed class ConsoleAnonymous
{
    public static readonly ConsoleAnonymous Instance = new();
}
