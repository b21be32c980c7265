using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Model;

/// <summary>How an identity in authData is named: by its provider's non-empty string <c>id</c>.</summary>
public static class AuthDataIds
{
    /// <summary>The provider's identity id, when it is a non-empty string.</summary>
    public static string? IdOf(JsonObject? data) =>
        data?["id"] is JsonValue id && id.GetValueKind() == JsonValueKind.String && id.GetValue<string>() is { Length: > 0 } text ? text : null;
}
