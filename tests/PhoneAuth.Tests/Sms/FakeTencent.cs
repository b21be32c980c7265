using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace PhoneAuth.Tests.Sms;

/// <summary>Tencent Cloud SMS SendSms (2021-01-11): a TC3-HMAC-SHA256 Authorization over the JSON body and the signed headers.</summary>
public sealed class FakeTencent(string secretId, string secretKey) : FakeSmsVendor
{
    /// <summary>The vendor's signature, from its documentation's sample code.</summary>
    public static string Signature(string secretKey, string service, string host, string contentType, long timestamp, byte[] payload)
    {
        static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).ToString("yyyy-MM-dd");
        var canonical = "POST\n/\n\ncontent-type:" + contentType + "\nhost:" + host + "\n\ncontent-type;host\n" + Hex(SHA256.HashData(payload));
        var toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/" + service + "/tc3_request\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("TC3" + secretKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("tc3_request"));
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
    }

    // The vendor's JSON is PascalCase; ASP.NET's default camelCase would change it.
    private static readonly System.Text.Json.JsonSerializerOptions Verbatim = new();

    protected override void Map(WebApplication app) => app.MapPost("/", async (HttpContext http) =>
    {
        var body = await http.Request.BodyBytesAsync();
        var json = JsonNode.Parse(body)!;
        var phone = json["PhoneNumberSet"]?[0]?.GetValue<string>();
        var code = json["TemplateParamSet"]?[0]?.GetValue<string>();
        var headers = http.Request.Headers;
        long.TryParse(headers["X-TC-Timestamp"], out var timestamp);
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).ToString("yyyy-MM-dd");
        var expected = $"TC3-HMAC-SHA256 Credential={secretId}/{date}/sms/tc3_request, SignedHeaders=content-type;host, Signature="
            + Signature(secretKey, "sms", headers.Host.ToString(), headers.ContentType.ToString(), timestamp, body);
        var valid = headers.Authorization.ToString() == expected
            && headers["X-TC-Action"] == "SendSms" && headers["X-TC-Version"] == "2021-01-11" && !string.IsNullOrEmpty(headers["X-TC-Region"])
            && Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) < 300;
        var fields = new Dictionary<string, string>
        {
            ["SmsSdkAppId"] = json["SmsSdkAppId"]?.GetValue<string>() ?? "", ["SignName"] = json["SignName"]?.GetValue<string>() ?? "",
            ["TemplateId"] = json["TemplateId"]?.GetValue<string>() ?? "", ["TemplateParamSet"] = json["TemplateParamSet"]?.ToJsonString() ?? "",
            ["Region"] = headers["X-TC-Region"].ToString(),
        };
        Requests.Enqueue(new VendorRequest(phone, code, fields, valid));

        var requestId = Guid.NewGuid().ToString();
        if (!valid) return Results.Json(new { Response = new { Error = new { Code = "AuthFailure.SignatureFailure", Message = "The provided credentials could not be validated." }, RequestId = requestId } }, Verbatim);
        if (await HangIfAskedAsync(phone, http.RequestAborted)) return Results.Json(new { Response = new { RequestId = requestId } }, Verbatim);
        var (statusCode, message) = Scenario(phone) switch
        {
            "0601" => ("LimitExceeded.PhoneNumberThirtySecondLimit", "30秒内发送短信条数超过上限"),
            "0127" => ("InvalidParameterValue.IncorrectPhoneNumber", "手机号格式错误"),
            "0500" => ("FailedOperation.InsufficientBalanceInSmsPackage", "套餐包余量不足"),
            _ => ("Ok", "send success"),
        };
        return Results.Json(new { Response = new { SendStatusSet = new[] { new { SerialNo = "serial-" + Guid.NewGuid().ToString("N")[..12], PhoneNumber = phone, Fee = 1, Code = statusCode, Message = message, IsoCode = "CN" } }, RequestId = requestId } }, Verbatim);
    });
}
