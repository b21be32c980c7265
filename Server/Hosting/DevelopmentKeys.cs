using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.Server.Dialects.LeanCloud;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Server.Hosting;

/// <summary>
/// The documented development keys, used only in the Development environment when none is
/// configured. Outside Development the server refuses to start without real ones.
/// </summary>
public static class DevelopmentKeys
{
    public const string MasterKey = "phoneauth-dev-master-key";
    public const string CodeSecret = "phoneauth-dev-code-secret";
    public const string LeanCloudAppId = "phoneauth-dev";
    public const string LeanCloudAppKey = "phoneauth-dev-app-key";

    internal static void Apply(IServiceCollection services)
    {
        services.PostConfigure<ParseOptions>(o => { if (string.IsNullOrEmpty(o.MasterKey)) o.MasterKey = MasterKey; });
        services.PostConfigure<PhoneAuthOptions>(o => { if (string.IsNullOrEmpty(o.CodeSecret)) o.CodeSecret = CodeSecret; });
        // The LeanCloud dialect is on in Development, with keys of its own, unless an app's are configured.
        services.PostConfigure<LeanCloudOptions>(o =>
        {
            if (!string.IsNullOrEmpty(o.AppId)) return;
            o.AppId = LeanCloudAppId;
            if (string.IsNullOrEmpty(o.AppKey)) o.AppKey = LeanCloudAppKey;
        });
    }
}
