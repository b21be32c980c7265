using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   GET /sessions/me   the caller's session (Parse.Session.current)
/// </summary>
internal static class SessionsEndpoints
{
    public static RouteGroupBuilder MapSessionsEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/sessions/me", MeAsync);
        return group;
    }

    /// <summary>The middleware leaves this token unresolved: Parse Server answers its own 209 messages here.</summary>
    private static async Task MeAsync(HttpContext http, SessionService sessions)
    {
        var token = http.Parse().SessionToken
            ?? throw new PhoneAuthException(AuthError.SessionInvalid) { PublicMessage = "Session token required." };
        ResolvedSession resolved;
        try
        {
            resolved = await sessions.ResolveAsync(token, http.RequestAborted);
        }
        catch (PhoneAuthException ex) when (ex.Error == AuthError.SessionInvalid)
        {
            throw new PhoneAuthException(AuthError.SessionInvalid) { PublicMessage = "Session token not found." };
        }
        await http.Response.WriteJsonAsync(SessionJson.Write(resolved.Session, token));
    }
}
