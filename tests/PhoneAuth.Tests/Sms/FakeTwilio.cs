using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PhoneAuth.Tests.Sms;

/// <summary>Twilio Programmable Messaging: POST /2010-04-01/Accounts/{sid}/Messages.json with HTTP Basic auth, form-encoded.</summary>
public sealed class FakeTwilio(string accountSid, string authToken) : FakeSmsVendor
{
    protected override void Map(WebApplication app) => app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", async (HttpContext http, string sid) =>
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var phone = form.GetValueOrDefault("To");
        var body = form.GetValueOrDefault("Body") ?? "";
        var code = System.Text.RegularExpressions.Regex.Match(body, @"\d{6}").Value;
        var expectedAuth = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{authToken}"));
        var valid = sid == accountSid && http.Request.Headers.Authorization.ToString() == expectedAuth
            && (form.ContainsKey("From") || form.ContainsKey("MessagingServiceSid"));
        Requests.Enqueue(new VendorRequest(phone, code, form, valid));

        if (!valid) return Results.Json(new { code = 20003, message = "Authenticate", more_info = "https://www.twilio.com/docs/errors/20003", status = 401 }, statusCode: 401);
        if (await HangIfAskedAsync(phone, http.RequestAborted)) return Results.Json(new { sid = "SMlate" }, statusCode: 201);
        return Scenario(phone) switch
        {
            "0601" => Results.Json(new { code = 20429, message = "Too Many Requests", status = 429 }, statusCode: 429),
            "0127" => Results.Json(new { code = 21211, message = $"The 'To' number {phone} is not a valid phone number.", status = 400 }, statusCode: 400),
            "0500" => Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: 500),
            _ => Results.Json(new { sid = "SM" + Guid.NewGuid().ToString("N"), to = phone, status = "queued", error_code = (int?)null, num_segments = "1" }, statusCode: 201),
        };
    });
}
