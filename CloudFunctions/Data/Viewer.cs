namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Who reads or writes, as ACLs and class-level permissions see it: the master key, or a user (or
/// nobody) with the roles it holds, directly or through parent roles.
/// </summary>
public sealed record Viewer(bool IsMaster, string? UserId, IReadOnlySet<string> RoleNames)
{
    public static readonly Viewer Master = new(true, null, new HashSet<string>());

    public static Viewer Anonymous { get; } = new(false, null, new HashSet<string>());

    /// <summary>The ACL entries that grant this viewer: "*", its user id, and "role:Name" for each role it holds.</summary>
    public IReadOnlyList<string> AclEntities { get; } = BuildEntities(UserId, RoleNames);

    private static List<string> BuildEntities(string? userId, IReadOnlySet<string> roles)
    {
        var entities = new List<string> { "*" };
        if (userId is not null) entities.Add(userId);
        entities.AddRange(roles.Order(StringComparer.Ordinal).Select(r => "role:" + r));
        return entities;
    }
}
