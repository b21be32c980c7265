using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The users that pointers to _User name, for include: one query, and only the users the viewer may
/// read (itself, users whose ACL grants public read; every user with the master key). The wire shows
/// each as its viewer may see it, so private fields stay private.
/// </summary>
public sealed class IncludedUsers(IUserStore users)
{
    public async Task<IReadOnlyList<UserRecord>> FindAsync(IReadOnlyList<string> ids, Viewer viewer, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return [];
        var query = new ObjectQuery
        {
            ClassName = ClassNames.User,
            Where = new InList(FieldPath.Of(DataFields.Id), [.. ids.Select(id => (JsonNode?)JsonValue.Create(id))], Negated: false),
            Limit = ids.Count,
        };
        return (await users.QueryAsync(query, new QueryScope(viewer, new Dictionary<string, ClassSchema>()), cancellationToken)).Users;
    }
}
