using System.Globalization;
using System.Text.Json;

namespace PhoneAuth.Sdk;

/// <summary>A user as the server answered it. Immutable: operations that change a user return a new one.</summary>
public sealed class ParseUser
{
    private static readonly HashSet<string> BuiltIn =
    [
        "objectId", "username", "email", "emailVerified", "phone", "phoneVerified", "sessionToken", "createdAt", "updatedAt", "ACL", "authData", "__type", "className",
    ];

    private readonly Dictionary<string, JsonElement> _fields;

    private ParseUser(JsonElement json, string? sessionToken)
    {
        Json = json.Clone();
        ObjectId = Text(json, "objectId") ?? throw new ParseException(ParseErrorCodes.InvalidJson, "The server's user has no objectId.");
        Username = Text(json, "username");
        Email = Text(json, "email");
        Phone = Text(json, "phone");
        PhoneVerified = json.TryGetProperty("phoneVerified", out var verified) && verified.ValueKind == JsonValueKind.True;
        SessionToken = sessionToken ?? Text(json, "sessionToken");
        CreatedAt = Date(json, "createdAt");
        UpdatedAt = Date(json, "updatedAt");
        _fields = json.EnumerateObject().Where(p => !BuiltIn.Contains(p.Name)).ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    /// <summary>Reads a user from the server's JSON; <paramref name="sessionToken"/> replaces any token in it.</summary>
    public static ParseUser FromJson(JsonElement json, string? sessionToken = null) => new(json, sessionToken);

    /// <summary>The user's id.</summary>
    public string ObjectId { get; }

    /// <summary>The username: the phone in E.164 for users made by phone sign-in.</summary>
    public string? Username { get; }

    /// <summary>Only for the user itself and the master key.</summary>
    public string? Email { get; }

    /// <summary>The phone in E.164 form; only for the user itself and the master key.</summary>
    public string? Phone { get; }

    /// <summary>Whether the phone was proven with a code.</summary>
    public bool PhoneVerified { get; }

    /// <summary>The session token of the current user; null on other users.</summary>
    public string? SessionToken { get; }

    /// <summary>When the user was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>When the user was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; }

    /// <summary>The application's own fields, as JSON.</summary>
    public IReadOnlyDictionary<string, JsonElement> Fields => _fields;

    /// <summary>The user exactly as the server sent it.</summary>
    public JsonElement Json { get; }

    /// <summary>A field converted to <typeparamref name="T"/>, or default when absent or null.</summary>
    public T? Get<T>(string name) =>
        _fields.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Deserialize<T>(JsonDefaults.Options) : default;

    internal ParseUser WithSessionToken(string? token) => new(Json, token);

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset Date(JsonElement json, string name) =>
        Text(json, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : default;
}
