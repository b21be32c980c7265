using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

public static class WireRoutes
{
    /// <summary>
    /// Answers every other path and method under a dialect's group, after the group's filters (keys,
    /// session) as for any route: a JSON 404 with code 101, "Cannot POST /parse/nowhere", as Parse Server.
    /// </summary>
    public static RouteGroupBuilder MapNotFound(this RouteGroupBuilder group)
    {
        group.MapFallback("{**path}", (HttpContext http) =>
        {
            throw new PhoneAuthException(AuthError.ObjectNotFound) { PublicMessage = $"Cannot {http.Request.Method} {http.Request.Path}" };
        });
        return group;
    }
}
