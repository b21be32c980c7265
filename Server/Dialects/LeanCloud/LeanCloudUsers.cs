using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>The LeanCloud dialect's name among the dialects' services, its names of the phone fields and its form of numbers.</summary>
public static class LeanCloudDialect
{
    public const string Name = "leancloud";

    public static readonly FieldNames Fields = new("mobilePhoneNumber", "mobilePhoneVerified") { PhoneForm = PhoneForm };

    /// <summary>
    /// LeanCloud's form: a mainland number as its national digits ("13800138000"), as apps send it and
    /// LeanCloud answers it, every other number in E.164 (LeanCloud reads a number without "+" as +86).
    /// Inside, and in the Parse dialect, numbers stay E.164.
    /// </summary>
    public static string PhoneForm(PhoneNumber phone) => phone.CountryCode == "86" ? phone.National : phone.E164;
}

/// <summary>Users as LeanCloud clients see them: Parse JSON with LeanCloud's names for the phone, and both flags always.</summary>
internal static class LeanCloudUsers
{
    /// <summary>
    /// A user as <paramref name="caller"/> may see it, with the caller's token on its own user, and both
    /// flags. (Not named View: the codec's own View would be called in its place, without the flags.)
    /// </summary>
    public static JsonObject Shown(this UserCodec codec, UserRecord user, RequestContext caller) => WithFlags(codec.View(user, caller));

    /// <summary>
    /// A user a query found, as <paramref name="caller"/> may see it, never with a token: only the fields of
    /// <paramref name="keys"/> when given, less those of <paramref name="excludeKeys"/> (LeanCloud's keys=-field).
    /// </summary>
    public static JsonObject Found(this UserCodec codec, UserRecord user, RequestContext caller, IReadOnlySet<string>? keys, IReadOnlySet<string>? excludeKeys)
    {
        var json = WithFlags(codec.View(user, caller, withToken: false));
        foreach (var name in json.Select(p => p.Key).ToList())
        {
            if (name is "objectId" or "createdAt" or "updatedAt") continue;
            if ((keys is not null && !keys.Contains(name)) || excludeKeys?.Contains(name) == true) json.Remove(name);
        }
        return json;
    }

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
