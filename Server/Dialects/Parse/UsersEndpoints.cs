using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   GET  /users/me   the caller's user and session token (Parse.User.become)
///   POST /logout     revoke the caller's session → {}
/// </summary>
internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/users/me", MeAsync);
        group.MapPost("/logout", LogOutAsync);
        return group;
    }

    private static Task MeAsync(HttpContext http)
    {
        var caller = http.Parse().Caller;
        var user = caller.User ?? throw new PhoneAuthException(AuthError.SessionInvalid, "users/me without a session token");
        return http.Response.WriteJsonAsync(UserJson.Write(user, includePrivate: true, caller.SessionToken));
    }

    private static async Task LogOutAsync(HttpContext http, SessionService sessions)
    {
        // An invalid token never gets here: the middleware answered 209.
        if (http.Parse().Caller.SessionToken is { } token) await sessions.RevokeAsync(token, http.RequestAborted);
        await http.Response.WriteJsonAsync(new Newtonsoft.Json.Linq.JObject());
    }
}
