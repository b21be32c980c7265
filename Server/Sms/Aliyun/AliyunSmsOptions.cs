using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.Server.Sms.Aliyun;

/// <summary>The <c>Sms:Aliyun</c> section: Dysmsapi SendSms (2017-05-25).</summary>
public sealed class AliyunSmsOptions : SmsProviderOptions
{
    public const string Section = "Sms:Aliyun";

    public AliyunSmsOptions() => Endpoint = new Uri("https://dysmsapi.aliyuncs.com/");

    [Required] public string AccessKeyId { get; set; } = "";
    [Required] public string AccessKeySecret { get; set; } = "";

    /// <summary>The approved signature (签名), shown in the message.</summary>
    [Required] public string SignName { get; set; } = "";

    /// <summary>The default template code (SMS_…); <see cref="SmsProviderOptions.Templates"/> may name one per purpose.</summary>
    [Required] public string TemplateCode { get; set; } = "";

    /// <summary>The template's variable for the code. Defaults to "code" (${code}).</summary>
    public string TemplateParamName { get; set; } = "code";

    public string RegionId { get; set; } = "cn-hangzhou";
}
