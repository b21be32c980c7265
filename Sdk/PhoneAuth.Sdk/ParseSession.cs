using System.Globalization;
using System.Text.Json;

namespace PhoneAuth.Sdk;

/// <summary>A session as the server answered it.</summary>
public sealed class ParseSession
{
    internal ParseSession(JsonElement json)
    {
        Json = json.Clone();
        ObjectId = json.GetProperty("objectId").GetString()!;
        SessionToken = json.TryGetProperty("sessionToken", out var token) ? token.GetString() : null;
        UserId = json.TryGetProperty("user", out var user) && user.TryGetProperty("objectId", out var id) ? id.GetString() : null;
        InstallationId = json.TryGetProperty("installationId", out var installation) ? installation.GetString() : null;
        ExpiresAt = json.TryGetProperty("expiresAt", out var expires) && expires.TryGetProperty("iso", out var iso)
            ? DateTimeOffset.Parse(iso.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;
    }

    /// <summary>The session's id.</summary>
    public string ObjectId { get; }

    /// <summary>The token, present when it is the caller's own current session.</summary>
    public string? SessionToken { get; }

    /// <summary>The id of the session's user.</summary>
    public string? UserId { get; }

    /// <summary>The installation the session belongs to.</summary>
    public string? InstallationId { get; }

    /// <summary>When the session ends.</summary>
    public DateTimeOffset? ExpiresAt { get; }

    /// <summary>The session exactly as the server sent it.</summary>
    public JsonElement Json { get; }
}
