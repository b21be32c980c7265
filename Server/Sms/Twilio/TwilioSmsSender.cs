using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.Server.Sms.Twilio;

/// <summary>Twilio Programmable Messaging: POST Accounts/{sid}/Messages.json with HTTP Basic auth; the code is in the text.</summary>
public sealed class TwilioSmsSender(IHttpClientFactory http, IOptions<TwilioSmsOptions> options, SmsTextRenderer texts, TimeProvider time) : ISmsSender
{
    private readonly ResiliencePipeline _pipeline = SmsSendPolicy.Create(options.Value.Timeout, time);

    // Error codes that say the number cannot receive: invalid, unroutable, not SMS-capable, landline.
    private static readonly HashSet<long> InvalidNumberCodes = [21211, 21612, 21614, 21635];

    public string Name => "twilio";

    public async Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Twilio takes every number in E.164.
        var form = new Dictionary<string, string> { ["To"] = message.Phone.E164, ["Body"] = texts.Render(message) };
        if (!string.IsNullOrEmpty(settings.MessagingServiceSid)) form["MessagingServiceSid"] = settings.MessagingServiceSid;
        else form["From"] = settings.From!;
        var url = new Uri(settings.Endpoint!, $"2010-04-01/Accounts/{Uri.EscapeDataString(settings.AccountSid)}/Messages.json");
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}"));

        var (status, body) = await _pipeline.RunAsync(Name, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
            using var response = await http.CreateClient(Name).SendAsync(request, token);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(token));
        }, cancellationToken);

        var answer = TryParse(body);
        if ((int)status is >= 200 and < 300 && answer?["sid"]?.GetValue<string>() is { } sid) return new SmsDelivery(sid);
        if (answer?["code"] is JsonValue codeValue && codeValue.TryGetValue<long>(out var code))
        {
            var kind = code == 20429 || (int)status == 429 ? SmsFailureKind.RateLimited
                : InvalidNumberCodes.Contains(code) ? SmsFailureKind.InvalidNumber
                : SmsFailureKind.Failed;
            throw new SmsSendException(kind, Name, code.ToString(System.Globalization.CultureInfo.InvariantCulture), answer["message"]?.GetValue<string>() ?? "Twilio error");
        }
        throw SmsSendPolicy.HttpFailure(Name, status);
    }

    private static JsonNode? TryParse(string body)
    {
        try { return JsonNode.Parse(body); }
        catch (JsonException) { return null; }
    }
}
