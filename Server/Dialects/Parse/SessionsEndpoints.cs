using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// A query on sessions: <c>limit</c>, <c>skip</c>, <c>order</c> (oldest first by default), and in
    /// <c>where</c> the constraints the SDK sends: <c>objectId</c> (Parse.Query.get) and <c>user</c> (a
    /// pointer). Others are answered 102.
    /// </summary>
    private static async Task ListAsync(HttpContext http, SessionService sessions)
    {
        var request = http.Wire();
        var (query, _) = QueryReader.Read(request.Body, http.Request.Query);
        IEnumerable<SessionRecord> list = await sessions.ListAsync(request.Caller, 0, 10_000, http.RequestAborted);
        foreach (var condition in query.Conditions)
        {
            var accepted = condition.Field switch
            {
                // A value of another type (a number, a string for the pointer) matches nothing, as on any field.
                UserFields.Id => condition.AnyOf.Select(Text).ToHashSet(),
                "user" => condition.AnyOf.Select(v => v is JsonObject pointer ? Text(pointer["objectId"]) : null).ToHashSet(),
                _ => throw new PhoneAuthException(AuthError.InvalidQuery) { Args = [$"sessions can be queried by objectId and user only, not {condition.Field}"] },
            };
            list = condition.Field == UserFields.Id ? list.Where(s => accepted.Contains(s.Id)) : list.Where(s => accepted.Contains(s.UserId));
        }
        var page = Ordered(list, query.Order).Skip(query.Skip).Take(Math.Min(query.Limit, 1000));
        await http.Response.WriteJsonAsync(new JsonObject { ["results"] = new JsonArray([.. page.Select(s => View(s, request))]) });
    }

    /// <summary>Oldest first unless <c>order</c> says otherwise, as Parse Server answers; ties by id.</summary>
    private static IEnumerable<SessionRecord> Ordered(IEnumerable<SessionRecord> sessions, IReadOnlyList<SortKey> order)
    {
        IOrderedEnumerable<SessionRecord>? sorted = null;
        foreach (var key in order.Append(new SortKey(UserFields.CreatedAt, false)).Append(new SortKey(UserFields.Id, false)))
        {
            Func<SessionRecord, IComparable> by = key.Field switch
            {
                UserFields.CreatedAt => s => s.CreatedAt,
                UserFields.UpdatedAt => s => s.UpdatedAt,
                "expiresAt" => s => s.ExpiresAt,
                UserFields.Id => s => s.Id,
                "installationId" => s => s.InstallationId ?? "",
                _ => throw new PhoneAuthException(AuthError.InvalidQuery) { Args = [$"sessions can be ordered by createdAt, updatedAt, expiresAt, objectId and installationId, not {key.Field}"] },
            };
            sorted = (sorted, key.Descending) switch
            {
                (null, false) => sessions.OrderBy(by),
                (null, true) => sessions.OrderByDescending(by),
                (_, false) => sorted.ThenBy(by),
                (_, true) => sorted.ThenByDescending(by),
            };
        }
        return sorted!;
    }

    private static string? Text(JsonNode? value) => WireJson.Text(value);

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
