using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Sms.LeanCloud;

/// <summary>
/// LeanCloud's X-LC-Sign: md5(timestamp + key) in lower-case hex, a comma, the timestamp in
/// milliseconds, and ",master" when the key is the master key. Tested against the vendor's example.
/// </summary>
public static class LeanCloudSign
{
    public static string Sign(long timestampMs, string key, bool master = false)
    {
        var timestamp = timestampMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(timestamp + key)));
        return master ? $"{hash},{timestamp},master" : $"{hash},{timestamp}";
    }
}
