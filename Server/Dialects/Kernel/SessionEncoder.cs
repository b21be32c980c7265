using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>A _Session as Parse clients see it.</summary>
public static class SessionEncoder
{
    /// <param name="session">The session.</param>
    /// <param name="sessionToken">The token, when the caller presented it; only hashes are stored, so other sessions carry none.</param>
    public static JsonObject Write(SessionRecord session, string? sessionToken)
    {
        var json = new JsonObject { ["objectId"] = session.Id };
        if (sessionToken is not null) json["sessionToken"] = sessionToken;
        json["user"] = ParseEncoding.Pointer("_User", session.UserId);
        if (session.CreatedWith is { } kind)
        {
            var createdWith = new JsonObject { ["action"] = kind == LoginKind.SignUp ? "signup" : "login" };
            if (session.CreatedWithProvider is not null) createdWith["authProvider"] = session.CreatedWithProvider;
            json["createdWith"] = createdWith;
        }
        json["expiresAt"] = ParseEncoding.Date(session.ExpiresAt);
        if (session.InstallationId is not null) json["installationId"] = session.InstallationId;
        json["createdAt"] = ParseEncoding.FormatDate(session.CreatedAt);
        json["updatedAt"] = ParseEncoding.FormatDate(session.UpdatedAt);
        return json;
    }
}
