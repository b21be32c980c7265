using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.Server.Sms.LeanCloud;

/// <summary>
/// The <c>Sms:LeanCloud</c> section: LeanCloud's SMS REST API, which makes and checks the codes itself.
/// LeanCloud stops all public service on 2027-01-12: a bridge for apps still on it.
/// </summary>
public sealed class LeanCloudSmsOptions : SmsProviderOptions
{
    public const string Section = "Sms:LeanCloud";

    [Required] public string AppId { get; set; } = "";
    [Required] public string AppKey { get; set; } = "";

    /// <summary>The app's API server, e.g. https://abcdefgh.api.lncldapi.com. Same as <see cref="SmsProviderOptions.Endpoint"/>.</summary>
    public Uri? ServerUrl { get => Endpoint; set => Endpoint = value; }

    /// <summary>The approved signature to use (sign); empty for the console's default.</summary>
    public string? SignName { get; set; }

    /// <summary>The app name shown in LeanCloud's default text (name); empty for the console's.</summary>
    public string? AppName { get; set; }
}
