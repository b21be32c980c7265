using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Sms.Aliyun;

/// <summary>
/// Alibaba Cloud's RPC signature, version 1.0 (HMAC-SHA1): parameters sorted by name (ordinal),
/// percent-encoded (RFC 3986: A-Z a-z 0-9 - _ . ~ stay), joined, prefixed with the method and "/",
/// signed with the secret plus "&amp;". A pure function, tested against the vendor's published example.
/// </summary>
public static class AliyunSignature
{
    public static string Sign(string httpMethod, IReadOnlyDictionary<string, string> parameters, string accessKeySecret)
    {
        var canonical = string.Join("&", parameters
            .Where(p => p.Key != "Signature")
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
        var stringToSign = httpMethod + "&" + Encode("/") + "&" + Encode(canonical);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>RFC 3986 percent-encoding of UTF-8, upper-case hex.</summary>
    public static string Encode(string value)
    {
        var result = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                result.Append((char)b);
            else
                result.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return result.ToString();
    }
}
