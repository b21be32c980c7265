using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Model;

/// <summary>
/// A query on users in neutral terms: AND of conditions, each "field equals one of these values".
/// Built-in fields use the names in <see cref="UserFields"/>; any other name is a custom field.
/// </summary>
public sealed record UserQuery
{
    public IReadOnlyList<FieldCondition> Conditions { get; init; } = [];
    public IReadOnlyList<SortKey> Order { get; init; } = [];
    public int Skip { get; init; }
    public int Limit { get; init; } = 100;
    public bool Count { get; init; }

    /// <summary>Null with <see cref="ViewerIsMaster"/>: every user. Otherwise the viewer sees itself and publicly readable users.</summary>
    public string? ViewerId { get; init; }
    public bool ViewerIsMaster { get; init; }
}

/// <summary>The field equals one of <paramref name="AnyOf"/> (JSON equality; null matches a missing field).</summary>
public sealed record FieldCondition(string Field, IReadOnlyList<JsonNode?> AnyOf);

public sealed record SortKey(string Field, bool Descending);

public sealed record UserQueryResult(IReadOnlyList<UserRecord> Users, int? Count);

/// <summary>The built-in user fields a query may name.</summary>
public static class UserFields
{
    public const string Id = "id";
    public const string Username = "username";
    public const string Email = "email";
    public const string EmailVerified = "emailVerified";
    public const string Phone = "phone";
    public const string PhoneVerified = "phoneVerified";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Id, Username, Email, EmailVerified, Phone, PhoneVerified, CreatedAt, UpdatedAt,
    };

    /// <summary>Fields other users must not see or query by.</summary>
    public static readonly IReadOnlySet<string> Private = new HashSet<string> { Email, Phone };
}
