using PhoneAuth.CloudFunctions.Data;
using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// What a client asks to write to a user, in neutral terms. A dialect builds it from its wire format;
/// <see cref="UserService"/> validates and applies it. Null members mean "unchanged".
/// </summary>
public sealed class UserChanges
{
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>A new email, or <see cref="Erase"/> to remove it.</summary>
    public ValueChange<string>? Email { get; init; }

    /// <summary>Master key only.</summary>
    public bool? EmailVerified { get; init; }

    /// <summary>A new phone (any accepted form) or <see cref="Erase"/>. Master key only: clients change phones with a code.</summary>
    public ValueChange<string>? Phone { get; init; }

    /// <summary>Master key only.</summary>
    public bool? PhoneVerified { get; init; }

    /// <summary>A new access-control list in Parse form.</summary>
    public JsonObject? Acl { get; init; }

    /// <summary>Custom fields by name.</summary>
    public IReadOnlyDictionary<string, FieldOperation> Fields { get; init; } = new Dictionary<string, FieldOperation>();

    /// <summary>Identities to link (an object) or unlink (null), by provider.</summary>
    public IReadOnlyDictionary<string, JsonObject?> AuthData { get; init; } = new Dictionary<string, JsonObject?>();

    public bool IsEmpty =>
        Username is null && Password is null && Email is null && EmailVerified is null && Phone is null
        && PhoneVerified is null && Acl is null && Fields.Count == 0 && AuthData.Count == 0;

    /// <summary>A value to erase a field with.</summary>
    public static ValueChange<string> Erase => new(null);
}

/// <summary>Sets a value, or erases it when <paramref name="Value"/> is null.</summary>
public sealed record ValueChange<T>(T? Value) where T : class;
