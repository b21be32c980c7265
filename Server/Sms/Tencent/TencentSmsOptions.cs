using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.Server.Sms.Tencent;

/// <summary>The <c>Sms:Tencent</c> section: Tencent Cloud SMS SendSms (2021-01-11).</summary>
public sealed class TencentSmsOptions : SmsProviderOptions
{
    public const string Section = "Sms:Tencent";

    public TencentSmsOptions() => Endpoint = new Uri("https://sms.tencentcloudapi.com/");

    [Required] public string SecretId { get; set; } = "";
    [Required] public string SecretKey { get; set; } = "";

    /// <summary>The SMS application id, e.g. "1400006666".</summary>
    [Required] public string SdkAppId { get; set; } = "";

    /// <summary>The approved signature content (签名内容); required for mainland numbers.</summary>
    [Required] public string SignName { get; set; } = "";

    /// <summary>The default template id; <see cref="SmsProviderOptions.Templates"/> may name one per purpose.</summary>
    [Required] public string TemplateId { get; set; } = "";

    /// <summary>
    /// The template's parameters in order, with {code} and {minutes}. Empty (the default) means ["{code}"].
    /// (A list default would be appended to by configuration, so the default lives in <see cref="Parameters"/>.)
    /// </summary>
    public List<string> TemplateParams { get; set; } = [];

    internal IReadOnlyList<string> Parameters => TemplateParams.Count > 0 ? TemplateParams : ["{code}"];

    public string Region { get; set; } = "ap-guangzhou";
}
