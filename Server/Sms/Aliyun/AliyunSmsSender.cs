using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Sms.Aliyun;

/// <summary>Alibaba Cloud SMS (Dysmsapi SendSms, version 2017-05-25), signed with RPC signature v1 (HMAC-SHA1).</summary>
public sealed class AliyunSmsSender(IHttpClientFactory http, IOptions<AliyunSmsOptions> options, TimeProvider time) : ISmsSender
{
    private readonly ResiliencePipeline _pipeline = SmsSendPolicy.Create(options.Value.Timeout, time);

    public string Name => "aliyun";

    public async Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = settings.AccessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["PhoneNumbers"] = PhoneNumberFor(message.Phone),
            ["RegionId"] = settings.RegionId,
            ["SignName"] = settings.SignName,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = Guid.NewGuid().ToString(),
            ["SignatureVersion"] = "1.0",
            ["TemplateCode"] = settings.TemplateFor(message.Purpose, message.Locale, SmsNotices.IsNotice(message.Purpose) ? null : settings.TemplateCode)
                ?? throw SmsSendPolicy.NoNoticeTemplate(Name, message.Purpose),
            ["TemplateParam"] = new JsonObject { [settings.TemplateParamName] = message.Code }.ToJsonString(),
            ["Timestamp"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
        };
        parameters["Signature"] = AliyunSignature.Sign("POST", parameters, settings.AccessKeySecret);

        var (status, body) = await _pipeline.RunAsync(Name, async token =>
        {
            using var response = await http.CreateClient(Name).PostAsync(settings.Endpoint, new FormUrlEncodedContent(parameters), token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(token));
        }, cancellationToken);

        var answer = TryParse(body);
        var code = answer?["Code"]?.GetValue<string>();
        if (code == "OK") return new SmsDelivery(answer!["BizId"]?.GetValue<string>());
        if (code is null) throw SmsSendPolicy.HttpFailure(Name, status);
        var kind = code switch
        {
            "isv.BUSINESS_LIMIT_CONTROL" => SmsFailureKind.RateLimited,
            "isv.MOBILE_NUMBER_ILLEGAL" => SmsFailureKind.InvalidNumber,
            _ => SmsFailureKind.Failed,
        };
        throw new SmsSendException(kind, Name, code, answer!["Message"]?.GetValue<string>() ?? code);
    }

    /// <summary>
    /// SendSms's documented forms: a mainland number as its national digits ("1390000****"), an
    /// international one as country code and number, without "+" or "00" ("852000012****").
    /// </summary>
    internal static string PhoneNumberFor(PhoneNumber phone) => phone.CountryCode == "86" ? phone.National : phone.CountryCode + phone.National;

    private static JsonNode? TryParse(string body)
    {
        try { return JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }
}
