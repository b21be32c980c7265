using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Sms.Tencent;

/// <summary>
/// Tencent Cloud's TC3-HMAC-SHA256 request signature, for a POST of JSON to "/" signing the
/// content-type and host headers. A pure function of its inputs, tested against the vendor's
/// published example.
/// </summary>
public static class Tc3Signature
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The value of the Authorization header.</summary>
    public static string Authorization(string secretId, string secretKey, string service, string host, long timestamp, string payload)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{service}/tc3_request";
        return $"TC3-HMAC-SHA256 Credential={secretId}/{scope}, SignedHeaders=content-type;host, Signature={Signature(secretKey, service, host, timestamp, payload)}";
    }

    public static string Signature(string secretKey, string service, string host, long timestamp, string payload)
    {
        var date = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var canonicalRequest = $"POST\n/\n\ncontent-type:{ContentType}\nhost:{host}\n\ncontent-type;host\n{Sha256Hex(payload)}";
        var stringToSign = $"TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n{Sha256Hex(canonicalRequest)}";
        var secretDate = Hmac(Encoding.UTF8.GetBytes("TC3" + secretKey), date);
        var secretService = Hmac(secretDate, service);
        var secretSigning = Hmac(secretService, "tc3_request");
        return Convert.ToHexStringLower(Hmac(secretSigning, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string message) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message));

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
