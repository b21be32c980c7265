using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Model;

/// <summary>
/// One user as the core sees it, whichever dialect created it. <see cref="Fields"/> holds the
/// application's own fields, as opaque JSON in the encoding the client sent. Treat instances as
/// immutable: change a copy made with <c>with</c> and a cloned <see cref="Fields"/>.
/// </summary>
public sealed record UserRecord
{
    public required string Id { get; init; }
    public required string Username { get; init; }
    public string? Email { get; init; }
    public bool? EmailVerified { get; init; }

    /// <summary>The canonical E.164 phone number, or null.</summary>
    public string? Phone { get; init; }
    public bool PhoneVerified { get; init; }

    /// <summary>The password hash (ASP.NET Identity v3, or an imported bcrypt hash), or null for none.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>Linked third-party identities by provider name, or null.</summary>
    public JsonObject? AuthData { get; init; }

    public JsonObject Fields { get; init; } = [];

    /// <summary>The access-control list in Parse form, or null for the owner-only default.</summary>
    public JsonObject? Acl { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Incremented by every write; updates are conditional on it.</summary>
    public long Version { get; init; }

    public int FailedLoginCount { get; init; }
    public DateTimeOffset? LockoutUntil { get; init; }

    /// <summary>Whether its ACL lets anyone read it; otherwise only the user and the master key may (Parse Server 9's private users).</summary>
    public bool IsPublic => Acl?["*"]?["read"] is JsonValue read && read.GetValueKind() == System.Text.Json.JsonValueKind.True;

    /// <summary>A copy whose JSON parts are copies too, for code that may change them in place.</summary>
    public UserRecord DeepCopy() => this with
    {
        Fields = (JsonObject)Fields.DeepClone(),
        AuthData = (JsonObject?)AuthData?.DeepClone(),
        Acl = (JsonObject?)Acl?.DeepClone(),
    };
}
