using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Sms.Tencent;

/// <summary>Tencent Cloud SMS (SendSms, version 2021-01-11), signed with TC3-HMAC-SHA256.</summary>
public sealed class TencentSmsSender(IHttpClientFactory http, IOptions<TencentSmsOptions> options, TimeProvider time) : ISmsSender
{
    private readonly ResiliencePipeline _pipeline = SmsSendPolicy.Create(options.Value.Timeout, time);

    public string Name => "tencent";

    public async Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var minutes = Math.Max(1, (int)Math.Ceiling(message.Lifetime.TotalMinutes)).ToString(CultureInfo.InvariantCulture);
        var payload = new JsonObject
        {
            // SendSms's documented form for mainland and international numbers alike: E.164, "+8613711112222".
            ["PhoneNumberSet"] = new JsonArray(message.Phone.E164),
            ["SmsSdkAppId"] = settings.SdkAppId,
            ["SignName"] = settings.SignName,
            ["TemplateId"] = settings.TemplateFor(message.Purpose, message.Locale, SmsNotices.IsNotice(message.Purpose) ? null : settings.TemplateId)
                ?? throw SmsSendPolicy.NoNoticeTemplate(Name, message.Purpose),
            ["TemplateParamSet"] = new JsonArray([.. settings.Parameters.Select(p => (JsonNode?)p.Replace("{code}", message.Code).Replace("{minutes}", minutes))]),
        }.ToJsonString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        var host = settings.Endpoint!.Authority;

        var (status, body) = await _pipeline.RunAsync(Name, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, settings.Endpoint)
            {
                Content = new StringContent(payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Authorization", Tc3Signature.Authorization(settings.SecretId, settings.SecretKey, "sms", host, timestamp, payload));
            request.Headers.Add("X-TC-Action", "SendSms");
            request.Headers.Add("X-TC-Version", "2021-01-11");
            request.Headers.Add("X-TC-Region", settings.Region);
            request.Headers.Add("X-TC-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            using var response = await http.CreateClient(Name).SendAsync(request, token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(token));
        }, cancellationToken);

        var answer = TryParse(body)?["Response"];
        if (answer is null) throw SmsSendPolicy.HttpFailure(Name, status);
        if (answer["Error"]?["Code"]?.GetValue<string>() is { } requestError)
            throw new SmsSendException(Kind(requestError), Name, requestError, answer["Error"]?["Message"]?.GetValue<string>() ?? requestError);
        var sent = answer["SendStatusSet"]?[0];
        var code = sent?["Code"]?.GetValue<string>() ?? "NoSendStatus";
        if (code == "Ok") return new SmsDelivery(sent!["SerialNo"]?.GetValue<string>());
        throw new SmsSendException(Kind(code), Name, code, sent?["Message"]?.GetValue<string>() ?? code);
    }

    private static SmsFailureKind Kind(string code) =>
        code.StartsWith("LimitExceeded.", StringComparison.Ordinal) ? SmsFailureKind.RateLimited
        : code == "InvalidParameterValue.IncorrectPhoneNumber" ? SmsFailureKind.InvalidNumber
        : SmsFailureKind.Failed;

    private static JsonNode? TryParse(string body)
    {
        try { return JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }
}
