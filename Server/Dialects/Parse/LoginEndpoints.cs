using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   GET|POST /login            username (or email) and password → user and session token (the session token sent along is ignored)
///   GET|POST /verifyPassword   the same check, no session
///   POST     /loginAs          master key: a session for any user
///   POST     /logout           revoke the caller's session → {}
/// </summary>
internal static class LoginEndpoints
{
    private static readonly string[] GetOrPost = ["GET", "POST"];

    public static RouteGroupBuilder MapLoginEndpoints(this RouteGroupBuilder group)
    {
        group.MapMethods("/login", GetOrPost, LogInAsync).WithMetadata(new IgnoresSessionToken());
        group.MapMethods("/verifyPassword", GetOrPost, VerifyPasswordAsync);
        group.MapPost("/loginAs", LogInAsAsync);
        group.MapPost("/logout", LogOutAsync);
        return group;
    }

    private static async Task LogInAsync(HttpContext http, PasswordLogin login, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var session = await login.LogInAsync(Value(http, "username"), Value(http, "email"), Value(http, "password"), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.Write(session.User, includePrivate: true, session.Token));
    }

    private static async Task VerifyPasswordAsync(HttpContext http, PasswordLogin login, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var user = await login.VerifyAsync(Value(http, "username"), Value(http, "email"), Value(http, "password"), http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.Write(user, includePrivate: true));
    }

    private static async Task LogInAsAsync(HttpContext http, PasswordLogin login, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var session = await login.LogInAsAsync(Value(http, "userId"), http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.Write(session.User, includePrivate: true, session.Token));
    }

    private static async Task LogOutAsync(HttpContext http, SessionService sessions)
    {
        // An invalid token never gets here: the session filter answered 209.
        await sessions.LogOutAsync(http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    /// <summary>A credential from the body, else from the query string, as Parse Server reads them. Non-strings count as absent.</summary>
    private static string? Value(HttpContext http, string name) =>
        WireJson.Text(http.Wire().Body[name])
        ?? (http.Request.Query.TryGetValue(name, out var query) ? query.ToString() : null);
}
