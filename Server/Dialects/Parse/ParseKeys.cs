using System.Text.Json.Nodes;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>The keys of a Parse request, from its X-Parse-* headers or its body's reserved keys, as Parse Server reads them.</summary>
internal sealed record ParseKeys(bool IsMaster, string? SessionToken, string? InstallationId)
{
    /// <summary>The keys, or null when the application id or a required client key is missing or wrong, or a reserved key is not a string.</summary>
    public static ParseKeys? Read(IHeaderDictionary headers, JsonObject body, ParseOptions settings)
    {
        var valid = true;
        string? Envelope(string name)
        {
            var node = body[name];
            if (node is null) return null;
            if (!WireJson.IsString(node)) valid = false;
            return WireJson.Text(node);
        }
        string? Header(string name) => headers.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;

        var appId = Header("X-Parse-Application-Id");
        if (appId != settings.AppId) appId = Envelope("_ApplicationId");
        var masterKey = Header("X-Parse-Master-Key") ?? Envelope("_MasterKey");
        var sessionToken = Header("X-Parse-Session-Token") ?? Envelope("_SessionToken");
        var installationId = Header("X-Parse-Installation-Id") ?? Envelope("_InstallationId");
        var javaScriptKey = Header("X-Parse-Javascript-Key") ?? Envelope("_JavaScriptKey");
        var clientKey = Header("X-Parse-Client-Key") ?? Envelope("_ClientKey");
        if (!valid || appId != settings.AppId) return null;

        // A wrong master key is ignored, not refused: the request goes on without it.
        var isMaster = Secrets.Equal(masterKey, settings.MasterKey);
        if (settings.HasClientKeys && !isMaster)
        {
            var matches = Secrets.Equal(clientKey, settings.ClientKey)
                || Secrets.Equal(javaScriptKey, settings.JavaScriptKey)
                || Secrets.Equal(Header("X-Parse-REST-API-Key"), settings.RestApiKey)
                || Secrets.Equal(Header("X-Parse-Windows-Key"), settings.DotNetKey);
            if (!matches) return null;
        }
        return new ParseKeys(isMaster, string.IsNullOrEmpty(sessionToken) ? null : sessionToken, installationId);
    }
}
