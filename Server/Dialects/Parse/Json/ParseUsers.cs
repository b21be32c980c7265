using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>The user answers of the Parse dialect, with Parse Server's visibility rules.</summary>
internal static class ParseUsers
{
    /// <summary>
    /// A user as <paramref name="caller"/> may see it. The caller's token rides on its own user where
    /// Parse Server sends it (users/me, GET by id), never in query results (<paramref name="withToken"/> false).
    /// </summary>
    public static JObject View(UserRecord user, RequestContext caller, IReadOnlySet<string>? keys = null, bool withToken = true)
    {
        var own = withToken && caller.User?.Id == user.Id;
        var json = UserJson.Write(user, UserService.SeesPrivateFields(user, caller), own ? caller.SessionToken : null);
        if (keys is null) return json;
        foreach (var name in json.Properties().Select(p => p.Name).ToList())
        {
            if (name is not ("objectId" or "createdAt" or "updatedAt" or "ACL" or "sessionToken") && !keys.Contains(name)) json.Remove(name);
        }
        return json;
    }

    /// <summary>
    /// The custom fields the client's local copy cannot know: operator results (Increment's new total)
    /// and whatever a beforeSave trigger changed. Parse Server answers both, and the SDK merges them.
    /// </summary>
    public static void AddChangedFields(JObject answer, JObject sent, UserRecord stored, IReadOnlySet<string> changedByTrigger)
    {
        foreach (var (name, value) in stored.Fields)
        {
            var isOperation = sent[name] is JObject op && op["__op"] is not null;
            if (isOperation || changedByTrigger.Contains(name)) answer[name] = JsonNodes.ToToken(value);
        }
        foreach (var removed in changedByTrigger.Where(name => !stored.Fields.ContainsKey(name)))
            answer[removed] = new JObject { ["__op"] = "Delete" };
    }
}
