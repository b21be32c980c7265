using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>Users as LeanCloud clients see them: Parse JSON with LeanCloud's names for the phone.</summary>
internal static class LeanCloudUsers
{
    public static readonly UserFieldNames Names = new("mobilePhoneNumber", "mobilePhoneVerified");

    /// <summary>A user as <paramref name="caller"/> may see it, with the caller's token on its own user.</summary>
    public static JObject View(UserRecord user, RequestContext caller)
    {
        var own = caller.User?.Id == user.Id;
        return WithFlags(UserJson.Write(user, UserService.SeesPrivateFields(user, caller), own ? caller.SessionToken : null, Names));
    }

    /// <summary>The answer of a login or sign-up: the whole user and the new session token.</summary>
    public static JObject LoggedIn(IssuedSession session) =>
        WithFlags(UserJson.Write(session.User, includePrivate: true, session.Token, Names));

    /// <summary>LeanCloud always answers both flags, false until verified.</summary>
    private static JObject WithFlags(JObject json)
    {
        json["emailVerified"] ??= false;
        json[Names.PhoneVerified] ??= false;
        return json;
    }

    /// <summary>The body without <paramref name="names"/>, read as user changes.</summary>
    public static UserChanges Changes(JObject body, params string[] names)
    {
        var rest = (JObject)body.DeepClone();
        foreach (var name in names) rest.Remove(name);
        return UserBody.Read(rest, Names);
    }
}
