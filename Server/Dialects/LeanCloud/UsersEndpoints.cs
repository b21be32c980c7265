using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table (LeanCloud saves an existing user at /classes/_User/{id}, so both roots serve it):
///   POST /users                 sign up with username and password
///   POST /usersByMobilePhone    sign up or log in with mobilePhoneNumber and smsCode (AV.User.signUpOrlogInWithMobilePhone)
///   POST /login                 username, email or mobilePhoneNumber with password; or mobilePhoneNumber with smsCode
///   GET  /users/me              the user of X-LC-Session (AV.User.become)
///   GET  /users/{id}            one user
///   PUT  /users/{id}            update (the user itself or the master key); ?new=true answers the whole user
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
            group.MapGet(root + "/{id}", GetAsync);
            group.MapPut(root + "/{id}", UpdateAsync);
        }
        return group;
    }

    /// <summary>201 and the new user with its session token. A phone comes only from a code: mobilePhoneNumber is refused here.</summary>
    private static async Task SignUpAsync(HttpContext http, UserService users)
    {
        var request = http.LeanCloud();
        var result = await users.SignUpAsync(UserBody.Read(request.Body, LeanCloudUsers.Names), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(LeanCloudUsers.LoggedIn(result.Session), result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The other fields of the body (username, password, custom fields) go to a new user only.</summary>
    private static async Task SignUpOrLogInWithPhoneAsync(HttpContext http, PhoneAuthService phoneAuth)
    {
        var request = http.LeanCloud();
        var phone = request.RequireString("mobilePhoneNumber");
        var code = request.RequireString("smsCode");
        var profile = LeanCloudUsers.Changes(request.Body, "mobilePhoneNumber", "smsCode");
        var session = await phoneAuth.SignUpOrLogInAsync(phone, code, request.Caller, http.RequestAborted, profile.IsEmpty ? null : profile);
        var created = session.Session.CreatedWithAction == "signup";
        await http.Response.WriteJsonAsync(LeanCloudUsers.LoggedIn(session), created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static async Task LogInAsync(HttpContext http, PhoneAuthService phoneAuth, PasswordLogin passwords)
    {
        var request = http.LeanCloud();
        var phone = request.String("mobilePhoneNumber");
        var smsCode = request.String("smsCode");
        var session = smsCode is not null
            ? await phoneAuth.LogInOnlyAsync(phone ?? throw Missing("mobilePhoneNumber"), smsCode, request.Caller, http.RequestAborted)
            : phone is not null
                ? await passwords.LogInWithPhoneAsync(phone, request.String("password"), request.Caller, http.RequestAborted)
                : await passwords.LogInAsync(request.String("username"), request.String("email"), request.String("password"), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(LeanCloudUsers.LoggedIn(session));
    }

    private static Task MeAsync(HttpContext http)
    {
        var request = http.LeanCloud();
        // LeanCloud answers a missing or dead token on users/me with 211.
        var user = request.Caller.User ?? throw new PhoneAuthException(AuthError.SessionInvalid);
        return http.Response.WriteJsonAsync(LeanCloudUsers.View(user, request.Caller));
    }

    private static async Task GetAsync(HttpContext http, string id, UserService users)
    {
        var request = http.LeanCloud();
        var user = await users.GetAsync(id, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(LeanCloudUsers.View(user, request.Caller));
    }

    /// <summary>{objectId, updatedAt} (and a new sessionToken after a password change), or the whole user with ?new=true.</summary>
    private static async Task UpdateAsync(HttpContext http, string id, UserService users)
    {
        var request = http.LeanCloud();
        var result = await users.UpdateAsync(id, UserBody.Read(request.Body, LeanCloudUsers.Names), request.Caller, http.RequestAborted);
        var answer = http.Request.Query["new"] == "true"
            ? LeanCloudUsers.View(result.User, request.Caller)
            : new JObject { ["objectId"] = result.User.Id, ["updatedAt"] = ParseJson.FormatDate(result.User.UpdatedAt) };
        if (result.NewSessionToken is { } token) answer["sessionToken"] = token;
        await http.Response.WriteJsonAsync(answer);
    }

    private static PhoneAuthException Missing(string name) => new(AuthError.MissingParameter) { Args = [name] };
}
