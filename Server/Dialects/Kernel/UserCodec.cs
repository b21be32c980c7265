using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Users in Parse JSON, under one dialect's names for the phone and in its form of numbers: reading a
/// write into the core's <see cref="UserChanges"/>, and writing a user as a caller may see it. Private fields (email, phone,
/// authData, and a username that is a phone number) only for the user itself and the master key; the
/// password hash and internal counters never. Each dialect has one, registered under its name.
/// The names are the dialect's own: another dialect's name of the phone is an ordinary custom field here
/// (a LeanCloud app's own <c>phone</c>), and a custom field named like this dialect's phone, which another
/// dialect wrote, is not shown here, where that name is the verified number's.
/// </summary>
/// <param name="names">The dialect's names of the phone fields.</param>
/// <param name="leanCloudOperators">Whether writes may use LeanCloud's Decrement and bitwise operators.</param>
public sealed class UserCodec(FieldNames names, bool leanCloudOperators = false)
{
    private readonly IReadOnlySet<string> _phoneNames = new HashSet<string>(StringComparer.Ordinal) { names.Phone, names.PhoneVerified };

    public FieldNames Names => names;

    /// <summary>A user write (sign-up, update) in the core's terms.</summary>
    public UserChanges Read(JsonObject body) => UserBodyReader.Read(body, names, leanCloudOperators);

    /// <summary>
    /// A query on _User (or naming _User in a sub-query) in the core's names: the dialect's names of the
    /// phone become the core's, and a field the core calls so but the dialect does not (LeanCloud's own
    /// <c>phone</c>) stays the application's field. Other classes are left as they are.
    /// </summary>
    public ObjectQuery ToCore(ObjectQuery query) => ConditionPaths.Map(query, ToCore);

    private FieldPath ToCore(string className, FieldPath path)
    {
        if (className != ClassNames.User) return path;
        if (path.Field == names.Phone) return path with { Field = CorePhone };
        if (path.Field == names.PhoneVerified) return path with { Field = CorePhoneVerified };
        return path.Field is CorePhone or CorePhoneVerified ? path with { Custom = true } : path;
    }

    /// <summary>The core's names of the phone fields (those of _User's columns, and Parse's).</summary>
    private const string CorePhone = "phone", CorePhoneVerified = "phoneVerified";

    /// <param name="user">The user.</param>
    /// <param name="includePrivate">Whether email, phone, authData and a phone-shaped username are shown.</param>
    /// <param name="sessionToken">The caller's token, on its own user.</param>
    public JsonObject Write(UserRecord user, bool includePrivate, string? sessionToken = null)
    {
        var json = new JsonObject { ["objectId"] = user.Id };
        // A username that is a phone number is as private as the phone.
        if (includePrivate || !PhoneShapedUsernames.LooksLikePhone(user.Username)) json["username"] = names.ShowUsername(user.Username);
        if (includePrivate && user.Email is not null) json["email"] = user.Email;
        if (user.EmailVerified is { } emailVerified) json["emailVerified"] = emailVerified;
        if (includePrivate && user.Phone is not null) json[names.Phone] = names.ShowPhone(user.Phone);
        if (user.Phone is not null) json[names.PhoneVerified] = user.PhoneVerified;
        if (includePrivate && user.AuthData is { Count: > 0 } authData) json["authData"] = authData.DeepClone();
        foreach (var (name, value) in user.Fields)
        {
            if (!_phoneNames.Contains(name)) json[name] = value?.DeepClone();
        }
        json["ACL"] = user.Acl?.DeepClone() ?? OwnerOnlyAcl(user.Id);
        json["createdAt"] = ParseEncoding.FormatDate(user.CreatedAt);
        json["updatedAt"] = ParseEncoding.FormatDate(user.UpdatedAt);
        if (sessionToken is not null) json["sessionToken"] = sessionToken;
        return json;
    }

    /// <summary>
    /// A user as <paramref name="caller"/> may see it. The caller's token rides on its own user where
    /// Parse Server sends it (users/me, GET by id), never in query results (<paramref name="withToken"/> false).
    /// </summary>
    public JsonObject View(UserRecord user, RequestContext caller, IReadOnlySet<string>? keys = null, bool withToken = true)
    {
        var own = withToken && caller.User?.Id == user.Id;
        var json = Write(user, UserService.SeesPrivateFields(user, caller), own ? caller.SessionToken : null);
        if (keys is null) return json;
        foreach (var name in json.Select(p => p.Key).ToList())
        {
            if (name is not ("objectId" or "createdAt" or "updatedAt" or "ACL" or "sessionToken") && !keys.Contains(name)) json.Remove(name);
        }
        return json;
    }

    /// <summary>
    /// The custom fields the client's local copy cannot know: operator results (Increment's new total)
    /// and whatever a beforeSave trigger changed. Parse Server answers both, and the SDK merges them.
    /// </summary>
    public static void AddChangedFields(JsonObject answer, JsonObject sent, UserRecord stored, IReadOnlySet<string> changedByTrigger)
    {
        foreach (var (name, value) in stored.Fields)
        {
            var isOperation = sent[name] is JsonObject op && op["__op"] is not null;
            if (isOperation || changedByTrigger.Contains(name)) answer[name] = value?.DeepClone();
        }
        foreach (var removed in changedByTrigger.Where(name => !stored.Fields.ContainsKey(name)))
            answer[removed] = new JsonObject { ["__op"] = "Delete" };
    }

    /// <summary>Parse Server 9's default user ACL (enforcePrivateUsers): only the user may read and write.</summary>
    public static JsonObject OwnerOnlyAcl(string userId) => new() { [userId] = new JsonObject { ["read"] = true, ["write"] = true } };
}
