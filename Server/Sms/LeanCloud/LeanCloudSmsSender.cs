using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.Server.Security;

namespace PhoneAuth.Server.Sms.LeanCloud;

/// <summary>
/// Delegates codes to LeanCloud: it makes and sends the code (POST /1.1/requestSmsCode) and checks it
/// (POST /1.1/verifySmsCode/{code}). Requests are signed with X-LC-Id and X-LC-Sign. This server still
/// applies its own limits, binds each code to its purpose, and issues its own sessions.
/// </summary>
public sealed class LeanCloudSmsSender(IHttpClientFactory http, IOptions<LeanCloudSmsOptions> options, TimeProvider time) : ISmsSender, ISmsCodeVerifier
{
    public static readonly DateOnly Shutdown = new(2027, 1, 12);

    private readonly ResiliencePipeline _pipeline = SmsSendPolicy.Create(options.Value.Timeout, time);

    public string Name => "leancloud";

    public async Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // LeanCloud sends codes it makes itself; it has no way to send a text without one.
        if (SmsNotices.IsNotice(message.Purpose))
            throw new SmsSendException(SmsFailureKind.Failed, Name, "no-notices", "LeanCloud's SMS API sends codes only, not notices.");
        var body = new JsonObject
        {
            // "+" and the country code, LeanCloud's documented form for every number (a bare one would be read as +86).
            ["mobilePhoneNumber"] = message.Phone.E164,
            ["ttl"] = Math.Max(1, (int)Math.Ceiling(message.Lifetime.TotalMinutes)),
            ["op"] = message.Purpose,
        };
        if (settings.TemplateFor(message.Purpose, message.Locale, null) is { } template) body["template"] = template;
        if (!string.IsNullOrEmpty(settings.SignName)) body["sign"] = settings.SignName;
        if (!string.IsNullOrEmpty(settings.AppName)) body["name"] = settings.AppName;

        var (status, answer) = await PostAsync("1.1/requestSmsCode", body, cancellationToken);
        if (status == HttpStatusCode.OK) return new SmsDelivery(MessageId: null, ProviderOwnsCode: true);
        throw Failure(status, answer);
    }

    public async Task<bool> VerifyAsync(string phone, string code, CancellationToken cancellationToken)
    {
        var (status, answer) = await PostAsync($"1.1/verifySmsCode/{Uri.EscapeDataString(code)}", new JsonObject { ["mobilePhoneNumber"] = phone }, cancellationToken);
        if (status == HttpStatusCode.OK) return true;
        if (LeanCloudCode(answer) == 603) return false;
        throw Failure(status, answer);
    }

    private async Task<(HttpStatusCode Status, JsonNode? Answer)> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        return await _pipeline.RunAsync(Name, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Endpoint!, path))
            {
                Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-LC-Id", settings.AppId);
            request.Headers.Add("X-LC-Sign", LeanCloudSign.Sign(time.GetUtcNow().ToUnixTimeMilliseconds(), settings.AppKey));
            using var response = await http.CreateClient(Name).SendAsync(request, token);
            var text = await response.Content.ReadAsStringAsync(token);
            JsonNode? answer;
            try { answer = text.Length == 0 ? null : JsonNode.Parse(text); }
            catch (JsonException) { answer = null; }
            return (response.StatusCode, answer);
        }, cancellationToken);
    }

    private SmsSendException Failure(HttpStatusCode status, JsonNode? answer)
    {
        var code = LeanCloudCode(answer);
        if (code is null) return SmsSendPolicy.HttpFailure(Name, status);
        var error = answer?["error"]?.GetValue<string>() ?? "";
        // 601, or code 1 with "SMS request too fast", is LeanCloud's rate control; 127 an invalid number.
        var kind = code == 601 || (code == 1 && error.Contains("too fast", StringComparison.OrdinalIgnoreCase)) ? SmsFailureKind.RateLimited
            : code == 127 ? SmsFailureKind.InvalidNumber
            : SmsFailureKind.Failed;
        return new SmsSendException(kind, Name, code.Value.ToString(CultureInfo.InvariantCulture), error);
    }

    private static int? LeanCloudCode(JsonNode? answer) =>
        answer?["code"] is JsonValue value && value.TryGetValue<int>(out var code) ? code : null;
}
