using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>A _Session as Parse clients see it.</summary>
public static class SessionJson
{
    /// <param name="session">The session.</param>
    /// <param name="sessionToken">The token, when the caller presented it; only hashes are stored, so other sessions carry none.</param>
    public static JObject Write(SessionRecord session, string? sessionToken)
    {
        var json = new JObject { ["objectId"] = session.Id };
        if (sessionToken is not null) json["sessionToken"] = sessionToken;
        json["user"] = ParseJson.Pointer("_User", session.UserId);
        if (session.CreatedWithAction is not null)
        {
            var createdWith = new JObject { ["action"] = session.CreatedWithAction };
            if (session.CreatedWithProvider is not null) createdWith["authProvider"] = session.CreatedWithProvider;
            json["createdWith"] = createdWith;
        }
        json["expiresAt"] = ParseJson.Date(session.ExpiresAt);
        if (session.InstallationId is not null) json["installationId"] = session.InstallationId;
        json["createdAt"] = ParseJson.FormatDate(session.CreatedAt);
        json["updatedAt"] = ParseJson.FormatDate(session.UpdatedAt);
        return json;
    }
}
