using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PhoneAuth.Tests.Sms;

/// <summary>
/// LeanCloud's SMS REST API: it makes the code (POST /1.1/requestSmsCode) and checks it (POST
/// /1.1/verifySmsCode/{code}); requests carry X-LC-Id and X-LC-Sign = md5(timestamp + AppKey),timestamp.
/// </summary>
public sealed class FakeLeanCloud(string appId, string appKey) : FakeSmsVendor
{
    private readonly ConcurrentDictionary<string, string> _live = new();

    /// <summary>The vendor's signature check: md5 of the millisecond timestamp and the key, within 15 minutes.</summary>
    public static bool SignatureValid(string? header, string key)
    {
        var parts = header?.Split(',') ?? [];
        if (parts.Length < 2 || !long.TryParse(parts[1], out var timestamp)) return false;
        var expected = Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(parts[1] + key))).ToLowerInvariant();
        return parts[0] == expected && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - timestamp) < 15 * 60 * 1000;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/1.1/requestSmsCode", async (HttpContext http) =>
        {
            var json = JsonNode.Parse(await http.Request.BodyBytesAsync())!;
            var phone = json["mobilePhoneNumber"]?.GetValue<string>();
            var valid = Authorized(http);
            var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
            var fields = json.AsObject().ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "");
            Requests.Enqueue(new VendorRequest(phone, valid ? code : null, fields, valid));
            if (!valid) return Results.Json(new { code = 401, error = "Unauthorized." }, statusCode: 401);
            if (await HangIfAskedAsync(phone, http.RequestAborted)) return Results.Json(new { });
            switch (Scenario(phone))
            {
                case "0601": return Results.Json(new { code = 601, error = "Can't send SMS too frequently." }, statusCode: 400);
                case "0127": return Results.Json(new { code = 127, error = "The mobile phone number was invalid." }, statusCode: 400);
                case "0500": return Results.Json(new { code = 602, error = "Fails to send message." }, statusCode: 400);
            }
            _live[phone!] = code;
            return Results.Json(new { });
        });
        app.MapPost("/1.1/verifySmsCode/{code}", async (HttpContext http, string code) =>
        {
            var json = JsonNode.Parse(await http.Request.BodyBytesAsync())!;
            var phone = json["mobilePhoneNumber"]?.GetValue<string>() ?? "";
            if (!Authorized(http)) return Results.Json(new { code = 401, error = "Unauthorized." }, statusCode: 401);
            // Codes are single-use at LeanCloud too: a used code is 603.
            return _live.TryGetValue(phone, out var live) && live == code && _live.TryRemove(phone, out _)
                ? Results.Json(new { })
                : Results.Json(new { code = 603, error = "Invalid SMS code." }, statusCode: 400);
        });
    }

    private bool Authorized(HttpContext http) =>
        http.Request.Headers["X-LC-Id"] == appId && SignatureValid(http.Request.Headers["X-LC-Sign"], appKey);
}
