using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>The LeanCloud dialect's name among the dialects' services, and its names of the phone fields.</summary>
public static class LeanCloudDialect
{
    public const string Name = "leancloud";

    public static readonly FieldNames Fields = new("mobilePhoneNumber", "mobilePhoneVerified");
}

/// <summary>Users as LeanCloud clients see them: Parse JSON with LeanCloud's names for the phone, and both flags always.</summary>
internal static class LeanCloudUsers
{
    /// <summary>A user as <paramref name="caller"/> may see it, with the caller's token on its own user.</summary>
    public static JsonObject View(this UserCodec codec, UserRecord user, RequestContext caller) => WithFlags(codec.View(user, caller));

    /// <summary>The answer of a login or sign-up: the whole user and the new session token.</summary>
    public static JsonObject LoggedIn(this UserCodec codec, IssuedSession session) =>
        WithFlags(codec.Write(session.User, includePrivate: true, session.Token));

    /// <summary>LeanCloud always answers both flags, false until verified.</summary>
    private static JsonObject WithFlags(JsonObject json)
    {
        json["emailVerified"] ??= false;
        json[LeanCloudDialect.Fields.PhoneVerified] ??= false;
        return json;
    }

    /// <summary>The body without <paramref name="names"/>, read as user changes.</summary>
    public static UserChanges Changes(this UserCodec codec, JsonObject body, params string[] names)
    {
        var rest = (JsonObject)body.DeepClone();
        foreach (var name in names) rest.Remove(name);
        return codec.Read(rest);
    }
}
