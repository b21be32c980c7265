using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table (LeanCloud saves an existing user at /classes/_User/{id}, so both roots serve it):
///   POST /users                 sign up with username and password
///   POST /usersByMobilePhone    sign up or log in with mobilePhoneNumber and smsCode (AV.User.signUpOrlogInWithMobilePhone)
///   POST /login                 username, email or mobilePhoneNumber with password; or mobilePhoneNumber with smsCode
///   GET  /users/me              the user of X-LC-Session (AV.User.become)
///   GET  /users                 query users: the master key, or clients when LeanCloud:AllowClientUserQueries is on
///   GET  /users/{id}            one user
///   PUT  /users/{id}            update (the user itself or the master key); ?new=true answers the whole user
///   DELETE /users/{id}          delete (the user itself or the master key)
///   PUT  /users/{id}/updatePassword        old_password and new_password, with the user's session → {objectId, updatedAt, sessionToken}
///   PUT  /users/{id}/refreshSessionToken   a new token for the user's session, the old one revoked → the user with its new sessionToken
/// </summary>
internal static class UsersEndpoints
{
    public static RouteGroupBuilder MapLeanCloudUsersEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/users", SignUpAsync);
        group.MapPost("/usersByMobilePhone", SignUpOrLogInWithPhoneAsync);
        group.MapPost("/login", LogInAsync);
        group.MapGet("/users/me", MeAsync);
        foreach (var root in new[] { "/users", "/classes/_User" })
        {
            group.MapGet(root, QueryAsync);
            group.MapGet(root + "/{id}", GetAsync);
            group.MapPut(root + "/{id}", UpdateAsync);
            group.MapDelete(root + "/{id}", DeleteAsync);
        }
        group.MapPut("/users/{id}/updatePassword", UpdatePasswordAsync);
        group.MapPut("/users/{id}/refreshSessionToken", RefreshSessionTokenAsync);
        return group;
    }

    /// <summary>201 and the new user with its session token. A phone comes only from a code: mobilePhoneNumber is refused here.</summary>
    private static async Task SignUpAsync(HttpContext http, UserService users, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var result = await users.SignUpAsync(codec.Read(request.Body), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.LoggedIn(result.Session), result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The other fields of the body (username, password, custom fields) go to a new user only.</summary>
    private static async Task SignUpOrLogInWithPhoneAsync(HttpContext http, PhoneSignIn signIn, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var phone = request.RequireString("mobilePhoneNumber");
        var code = request.RequireString("smsCode");
        var profile = codec.Changes(request.Body, "mobilePhoneNumber", "smsCode");
        var result = await signIn.SignUpOrLogInAsync(phone, code, profile.IsEmpty ? null : profile, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.LoggedIn(result.Session), result.UserCreated ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task LogInAsync(HttpContext http, PhoneSignIn signIn, PasswordLogin passwords, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var phone = request.String("mobilePhoneNumber");
        var smsCode = request.String("smsCode");
        var session = smsCode is not null
            ? await signIn.LogInOnlyAsync(phone ?? throw Missing("mobilePhoneNumber"), smsCode, request.Caller, http.RequestAborted)
            : phone is not null
                ? await passwords.LogInWithPhoneAsync(phone, request.String("password"), request.Caller, http.RequestAborted)
                : await passwords.LogInAsync(request.String("username"), request.String("email"), request.String("password"), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.LoggedIn(session));
    }

    private static Task MeAsync(HttpContext http, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        // LeanCloud answers a missing or dead token on users/me with 211.
        var user = request.Caller.User ?? throw new PhoneAuthException(AuthError.SessionInvalid);
        return http.Response.WriteJsonAsync(codec.Shown(user, request.Caller));
    }

    private static async Task GetAsync(HttpContext http, string id, UserService users, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var user = await users.GetAsync(id, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.Shown(user, request.Caller));
    }

    /// <summary>{objectId, updatedAt} (and a new sessionToken after a password change), or the whole user with ?new=true.</summary>
    private static async Task UpdateAsync(HttpContext http, string id, UserService users, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var result = await users.UpdateAsync(id, codec.Read(request.Body), request.Caller, http.RequestAborted);
        var answer = http.Request.Query["new"] == "true"
            ? codec.Shown(result.User, request.Caller)
            : new JsonObject { ["objectId"] = result.User.Id, ["updatedAt"] = ParseEncoding.FormatDate(result.User.UpdatedAt) };
        if (result.NewSessionToken is { } token) answer["sessionToken"] = token;
        await http.Response.WriteJsonAsync(answer);
    }

    private static async Task QueryAsync(HttpContext http, LeanCloudUserQueries users)
    {
        var request = http.Wire();
        var query = LeanCloudObjects.ReadQuery(request.Body, http.Request.Query, ClassNames.User);
        await http.Response.WriteJsonAsync(await users.RunAsync(query, request.Caller, http.RequestAborted));
    }

    private static async Task DeleteAsync(HttpContext http, string id, UserService users)
    {
        await users.DeleteAsync(id, http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    /// <summary>The old password is checked as a login checks it (210 when wrong); every session ends and the caller gets a new one.</summary>
    private static async Task UpdatePasswordAsync(HttpContext http, string id, PasswordUpdate passwords)
    {
        var request = http.Wire();
        var (result, token) = await passwords.UpdateAsync(id, request.String("old_password"), request.String("new_password"), request.Caller, http.RequestAborted);
        var answer = new JsonObject { ["objectId"] = result.User.Id, ["updatedAt"] = ParseEncoding.FormatDate(result.User.UpdatedAt) };
        if (token is not null) answer["sessionToken"] = token;
        await http.Response.WriteJsonAsync(answer);
    }

    /// <summary>The user with its new token, which the SDK adopts (AV.User#refreshSessionToken).</summary>
    private static async Task RefreshSessionTokenAsync(HttpContext http, string id, SessionService sessions, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var issued = await sessions.RefreshAsync(id, http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(codec.LoggedIn(issued));
    }

    private static PhoneAuthException Missing(string name) => new(AuthError.MissingParameter) { Args = [name] };
}
