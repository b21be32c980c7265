using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>
/// A user as Parse clients see it. Private fields (email, phone, authData, and a username that is a
/// phone number) only for the user themselves and the master key; the password hash and internal
/// counters never.
/// </summary>
public static class UserJson
{
    /// <param name="user">The user.</param>
    /// <param name="includePrivate">Whether email, phone and authData are shown.</param>
    /// <param name="sessionToken">The caller's token, on its own user.</param>
    /// <param name="names">The dialect's names of the phone fields; Parse's by default.</param>
    public static JObject Write(UserRecord user, bool includePrivate, string? sessionToken = null, UserFieldNames? names = null)
    {
        names ??= UserFieldNames.Parse;
        var json = new JObject { ["objectId"] = user.Id };
        // A username that is a phone number is as private as the phone.
        if (includePrivate || !PhoneShapedUsernames.LooksLikePhone(user.Username)) json["username"] = user.Username;
        if (includePrivate && user.Email is not null) json["email"] = user.Email;
        if (user.EmailVerified is { } emailVerified) json["emailVerified"] = emailVerified;
        if (includePrivate && user.Phone is not null) json[names.Phone] = user.Phone;
        if (user.Phone is not null) json[names.PhoneVerified] = user.PhoneVerified;
        if (includePrivate && user.AuthData is { Count: > 0 } authData) json["authData"] = JsonNodes.ToToken(authData);
        foreach (var (name, value) in user.Fields)
        {
            if (!UserFieldNames.AllPhoneNames.Contains(name)) json[name] = JsonNodes.ToToken(value);
        }
        json["ACL"] = user.Acl is null ? OwnerOnlyAcl(user.Id) : JsonNodes.ToToken(user.Acl);
        json["createdAt"] = ParseJson.FormatDate(user.CreatedAt);
        json["updatedAt"] = ParseJson.FormatDate(user.UpdatedAt);
        if (sessionToken is not null) json["sessionToken"] = sessionToken;
        return json;
    }

    /// <summary>Parse Server 9's default user ACL (enforcePrivateUsers): only the user may read and write.</summary>
    public static JObject OwnerOnlyAcl(string userId) => new() { [userId] = new JObject { ["read"] = true, ["write"] = true } };
}
