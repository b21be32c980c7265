using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Parse ACLs: {"*": {"read": true}, "&lt;userId&gt;": {"read": true, "write": true}, "role:Name": {…}}.
/// An object without an ACL is public for reading and writing, as in Parse.
/// </summary>
public static class Acls
{
    /// <summary>The ACL, checked: every entry is a "*", a user id or "role:Name", with boolean read and write.</summary>
    public static JsonObject Check(JsonNode? acl)
    {
        if (acl is not JsonObject entries) throw new PhoneAuthException(AuthError.InvalidAcl, "An ACL must be an object.");
        var copy = new JsonObject();
        foreach (var (who, rights) in entries)
        {
            var validWho = who == "*" || (who.StartsWith("role:", StringComparison.Ordinal) && RoleNames.IsValid(who[5..]))
                || (who.Length is > 0 and <= 64 && who.All(char.IsAsciiLetterOrDigit));
            if (!validWho || rights is not JsonObject granted
                || granted.Any(p => p.Key is not ("read" or "write") || p.Value?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
                throw new PhoneAuthException(AuthError.InvalidAcl, $"ACL entry {who} is not valid.");
            var entry = new JsonObject();
            if (granted["read"]?.GetValue<bool>() == true) entry["read"] = true;
            if (granted["write"]?.GetValue<bool>() == true) entry["write"] = true;
            if (entry.Count > 0) copy[who] = entry;
        }
        return copy;
    }

    /// <summary>Who may read: the entries granting read, or null when there is no ACL (everyone).</summary>
    public static IReadOnlyList<string>? Readers(JsonObject? acl) => Holders(acl, "read");

    /// <summary>Who may write: the entries granting write, or null when there is no ACL (everyone).</summary>
    public static IReadOnlyList<string>? Writers(JsonObject? acl) => Holders(acl, "write");

    public static bool CanRead(JsonObject? acl, Viewer viewer) => viewer.IsMaster || Grants(Readers(acl), viewer);

    public static bool CanWrite(JsonObject? acl, Viewer viewer) => viewer.IsMaster || Grants(Writers(acl), viewer);

    private static bool Grants(IReadOnlyList<string>? holders, Viewer viewer) =>
        holders is null || holders.Any(viewer.AclEntities.Contains);

    private static List<string>? Holders(JsonObject? acl, string right) =>
        acl is null ? null : [.. acl.Where(e => e.Value?[right] is JsonValue v && v.GetValueKind() == JsonValueKind.True).Select(e => e.Key).Order(StringComparer.Ordinal)];
}
