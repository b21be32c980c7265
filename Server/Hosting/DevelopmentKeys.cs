using PhoneAuth.CloudFunctions.Options;
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

    internal static void Apply(IServiceCollection services)
    {
        services.PostConfigure<ParseOptions>(o => { if (string.IsNullOrEmpty(o.MasterKey)) o.MasterKey = MasterKey; });
        services.PostConfigure<PhoneAuthOptions>(o => { if (string.IsNullOrEmpty(o.CodeSecret)) o.CodeSecret = CodeSecret; });
    }
}
