using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table (every /users route is also served at /classes/_User, which the JS SDK uses):
///   POST   /users          sign up with username and password, or sign up / log in with authData
///   GET    /users          query users
///   GET    /users/me       the caller's user and session token (Parse.User.become)
///   GET    /users/{id}     one user
///   PUT    /users/{id}     update (the user itself or the master key)
///   DELETE /users/{id}     delete (the user itself or the master key)
/// </summary>
internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapUsersEndpoints(this RouteGroupBuilder group)
    {
        foreach (var root in new[] { "/users", "/classes/_User" })
        {
            group.MapPost(root, SignUpAsync);
            group.MapGet(root, QueryAsync);
            group.MapGet(root + "/{id}", GetAsync);
            group.MapPut(root + "/{id}", UpdateAsync);
            group.MapDelete(root + "/{id}", DeleteAsync);
        }
        group.MapGet("/users/me", MeAsync);
        return group;
    }

    /// <summary>201 and the new user's id, time and token; 200 and the whole user when authData logged in an existing one.</summary>
    private static async Task SignUpAsync(HttpContext http, UserService users, [FromKeyedServices(ParseDialect.Name)] UserCodec codec, IOptions<ParseOptions> options)
    {
        var request = http.Wire();
        var result = await users.SignUpAsync(codec.Read(request.Body), request.Caller, http.RequestAborted);
        http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{options.Value.MountPath}/users/{result.User.Id}";
        if (!result.Created)
        {
            await http.Response.WriteJsonAsync(codec.Write(result.User, includePrivate: true, result.Session.Token));
            return;
        }
        var answer = new JsonObject
        {
            ["objectId"] = result.User.Id,
            ["createdAt"] = ParseEncoding.FormatDate(result.User.CreatedAt),
            ["sessionToken"] = result.Session.Token,
        };
        if (result.GeneratedUsername || WireJson.Text(request.Body["username"]) != result.User.Username) answer["username"] = result.User.Username;
        UserCodec.AddChangedFields(answer, request.Body, result.User, result.ChangedByTrigger);
        await http.Response.WriteJsonAsync(answer, StatusCodes.Status201Created);
    }

    private static async Task QueryAsync(HttpContext http, UserService users, ObjectReader reader, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var query = QueryReader.Read(http.Wire().Body, http.Request.Query, ClassNames.User);
        await WriteQueryAsync(http, query, users, reader, codec);
    }

    /// <summary>Runs a query on users and answers it: each user as the caller may see it (never with a token), included objects in place.</summary>
    internal static async Task WriteQueryAsync(HttpContext http, ObjectQuery query, UserService users, ObjectReader reader, UserCodec codec)
    {
        var caller = http.Wire().Caller;
        var result = await users.QueryAsync(query, caller, http.RequestAborted);
        var included = await reader.IncludeAsync([.. result.Users.Select(u => u.Fields)], query.Include, caller, http.RequestAborted);
        var answer = new JsonObject
        {
            ["results"] = new JsonArray([.. result.Users.Select((u, i) =>
            {
                var json = codec.View(u, caller, query.Keys, withToken: false);
                ObjectCodec.Replace(json, included[i], caller, codec);
                return json;
            })]),
        };
        if (result.Count is { } count) answer["count"] = count;
        await http.Response.WriteJsonAsync(answer);
    }

    private static Task MeAsync(HttpContext http, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var caller = http.Wire().Caller;
        var user = caller.User ?? throw new PhoneAuthException(AuthError.SessionInvalid, "users/me without a session token");
        return http.Response.WriteJsonAsync(codec.View(user, caller));
    }

    private static async Task GetAsync(HttpContext http, string id, UserService users, ObjectReader reader, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var (include, keys) = QueryReader.ReadGet(request.Body, http.Request.Query);
        var user = await users.GetAsync(id, request.Caller, http.RequestAborted);
        var json = codec.View(user, request.Caller, keys);
        ObjectCodec.Replace(json, (await reader.IncludeAsync([user.Fields], include, request.Caller, http.RequestAborted))[0], request.Caller, codec);
        await http.Response.WriteJsonAsync(json);
    }

    /// <summary>200 {updatedAt, operator results, new sessionToken after a password change}.</summary>
    private static async Task UpdateAsync(HttpContext http, string id, UserService users, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var result = await users.UpdateAsync(id, codec.Read(request.Body), request.Caller, http.RequestAborted);
        var answer = new JsonObject { ["updatedAt"] = ParseEncoding.FormatDate(result.User.UpdatedAt) };
        UserCodec.AddChangedFields(answer, request.Body, result.User, result.ChangedByTrigger);
        if (result.NewSessionToken is { } token) answer["sessionToken"] = token;
        await http.Response.WriteJsonAsync(answer);
    }

    private static async Task DeleteAsync(HttpContext http, string id, UserService users)
    {
        await users.DeleteAsync(id, http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }
}
