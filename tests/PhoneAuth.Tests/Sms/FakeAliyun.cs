using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PhoneAuth.Tests.Sms;

/// <summary>Alibaba Cloud Dysmsapi SendSms (2017-05-25): RPC signature v1 (HMAC-SHA1) over the form parameters.</summary>
public sealed class FakeAliyun(string accessKeyId, string accessKeySecret) : FakeSmsVendor
{
    private readonly HashSet<string> _nonces = [];

    /// <summary>The vendor's signature: sorted, RFC 3986-encoded, method and "/" prefixed, HMAC-SHA1 with secret + "&amp;".</summary>
    public static string Signature(string method, IEnumerable<KeyValuePair<string, string>> parameters, string secret)
    {
        var query = string.Join("&", parameters.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var stringToSign = method + "&" + Uri.EscapeDataString("/") + "&" + Uri.EscapeDataString(query);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
    }

    // The vendor's JSON is PascalCase; ASP.NET's default camelCase would change it.
    private static readonly System.Text.Json.JsonSerializerOptions Verbatim = new();

    protected override void Map(WebApplication app) => app.MapPost("/", async (HttpContext http) =>
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var phone = form.GetValueOrDefault("PhoneNumbers") is { } p ? (p.StartsWith('1') && p.Length == 11 ? "+86" + p : "+" + p) : null;
        var code = form.GetValueOrDefault("TemplateParam") is { } param ? JsonNode.Parse(param)?["code"]?.GetValue<string>() : null;
        bool fresh;
        lock (_nonces) fresh = _nonces.Add(form.GetValueOrDefault("SignatureNonce") ?? "");
        var valid = form.GetValueOrDefault("AccessKeyId") == accessKeyId
            && form.GetValueOrDefault("Signature") == Signature("POST", form, accessKeySecret)
            && fresh
            && form.GetValueOrDefault("SignatureMethod") == "HMAC-SHA1" && form.GetValueOrDefault("SignatureVersion") == "1.0"
            && form.GetValueOrDefault("Action") == "SendSms" && form.GetValueOrDefault("Version") == "2017-05-25"
            && DateTimeOffset.TryParse(form.GetValueOrDefault("Timestamp"), out var at) && Math.Abs((DateTimeOffset.UtcNow - at).TotalMinutes) < 15;
        Requests.Enqueue(new VendorRequest(phone, code, form, valid));

        if (!valid) return Results.Json(new { Code = "SignatureDoesNotMatch", Message = "Specified signature is not matched with our calculation.", RequestId = Guid.NewGuid() }, Verbatim, statusCode: 400);
        if (await HangIfAskedAsync(phone, http.RequestAborted)) return Results.Json(new { Code = "OK", BizId = "late", Message = "OK" }, Verbatim);
        return Scenario(phone) switch
        {
            "0601" => Results.Json(new { Code = "isv.BUSINESS_LIMIT_CONTROL", Message = "触发分钟级流控Permits:1", RequestId = Guid.NewGuid() }, Verbatim),
            "0127" => Results.Json(new { Code = "isv.MOBILE_NUMBER_ILLEGAL", Message = "非法手机号", RequestId = Guid.NewGuid() }, Verbatim),
            "0500" => Results.Json(new { Code = "isv.AMOUNT_NOT_ENOUGH", Message = "账户余额不足", RequestId = Guid.NewGuid() }, Verbatim),
            _ => Results.Json(new { Code = "OK", Message = "OK", BizId = "biz-" + Guid.NewGuid().ToString("N")[..12], RequestId = Guid.NewGuid() }, Verbatim),
        };
    });
}
