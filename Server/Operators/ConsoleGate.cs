using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// The one door of every /console endpoint, in order: the IP allow-list (403), the console session (401;
/// only endpoints marked <see cref="ConsoleAnonymous"/>, the sign-in page and the stylesheets, go without),
/// and for every POST the CSRF token (403). It sits on the route group, so a route added later cannot miss it.
/// A refusal of the core behind a console page (no such user or object, a value of the wrong type, a trigger's
/// error) is a page with the API's status and message, never a 500.
/// </summary>
internal sealed class ConsoleGate(ConsoleSessions sessions, IOptions<ConsoleOptions> options, IAntiforgery antiforgery, ParseErrorMap errors,
    ILogger<ConsoleGate> logger) : IEndpointFilter
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
        try
        {
            return await next(context);
        }
        catch (PhoneAuthException ex)
        {
            return Refusal(errors.For(ex, Locales.FromRequest(http.Request)));
        }
        catch (CloudFunctionException ex)
        {
            return Refusal(errors.For(ex));
        }
    }

    private static IResult Refusal(WireError error) =>
        ConsoleResults.Refusal(error.Status, error.Code is { } code ? $"{error.Message} ({code})" : error.Message);
}

/// <summary>Marks the console endpoints reachable without a console session (still behind the allow-list and CSRF).</summary>
internal sealed class ConsoleAnonymous
{
    public static readonly ConsoleAnonymous Instance = new();
}
