using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table (also served at /classes/_Session):
///   GET    /sessions        the caller's sessions (everyone's with the master key)
///   GET    /sessions/me     the caller's current session (Parse.Session.current)
///   GET    /sessions/{id}   one session of the caller
///   DELETE /sessions/{id}   end one session of the caller
/// Only token hashes are stored, so a session carries its token only when the caller presented it.
/// </summary>
internal static class SessionsEndpoints
{
    public static RouteGroupBuilder MapSessionsEndpoints(this RouteGroupBuilder group)
    {
        foreach (var root in new[] { "/sessions", "/classes/_Session" })
        {
            group.MapGet(root, ListAsync);
            group.MapGet(root + "/{id}", GetAsync);
            group.MapDelete(root + "/{id}", DeleteAsync);
        }
        group.MapGet("/sessions/me", MeAsync).WithMetadata(new ResolvesOwnSessionToken());
        return group;
    }

    /// <summary>The session filter leaves this token unresolved: Parse Server answers its own 209 messages here.</summary>
    private static async Task MeAsync(HttpContext http, SessionService sessions)
    {
        var token = http.Wire().PresentedToken
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
        await http.Response.WriteJsonAsync(SessionEncoder.Write(resolved.Session, token));
    }

    /// <summary>A query on the caller's sessions (everyone's with the master key), with every operator of the query path.</summary>
    private static async Task ListAsync(HttpContext http, SessionService sessions)
    {
        var request = http.Wire();
        var query = QueryReader.Read(request.Body, http.Request.Query, ClassNames.Session);
        var result = await sessions.QueryAsync(query, request.Caller, http.RequestAborted);
        var answer = new JsonObject { ["results"] = new JsonArray([.. result.Sessions.Select(s => View(s, request))]) };
        if (result.Count is { } count) answer["count"] = count;
        await http.Response.WriteJsonAsync(answer);
    }

    private static async Task GetAsync(HttpContext http, string id, SessionService sessions)
    {
        var request = http.Wire();
        await http.Response.WriteJsonAsync(View(await sessions.GetAsync(id, request.Caller, http.RequestAborted), request));
    }

    private static async Task DeleteAsync(HttpContext http, string id, SessionService sessions)
    {
        await sessions.DeleteAsync(id, http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    private static JsonObject View(SessionRecord session, WireRequest request) =>
        SessionEncoder.Write(session, request.Caller.Session?.Session.Id == session.Id ? request.Caller.SessionToken : null);
}
