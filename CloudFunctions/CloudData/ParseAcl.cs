using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>ACLs in Parse form for cloud code, like <c>new Parse.ACL(user)</c>.</summary>
public static class ParseAcl
{
    /// <summary>Only this user may read and write (the master key always may): Parse's <c>new Parse.ACL(user)</c>.</summary>
    public static JsonObject Private(string userId) => new() { [userId] = new JsonObject { ["read"] = true, ["write"] = true } };

    /// <summary>Nobody but the master key.</summary>
    public static JsonObject MasterOnly() => [];

    /// <summary>Anyone may read; only this user may write.</summary>
    public static JsonObject PublicRead(string userId) => new()
    {
        ["*"] = new JsonObject { ["read"] = true },
        [userId] = new JsonObject { ["read"] = true, ["write"] = true },
    };
}
