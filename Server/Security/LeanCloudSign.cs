using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Security;

/// <summary>
/// LeanCloud's X-LC-Sign: md5(timestamp + key) in lower-case hex, a comma, the timestamp in
/// milliseconds, and ",master" when the key is the master key. Tested against the vendor's example.
/// </summary>
public static class LeanCloudSign
{
    public static string Sign(long timestampMs, string key, bool master = false)
    {
        var timestamp = timestampMs.ToString(CultureInfo.InvariantCulture);
        var hash = Hash(timestamp, key);
        return master ? $"{hash},{timestamp},master" : $"{hash},{timestamp}";
    }

    /// <summary>What a signature header proves.</summary>
    public enum Result { Invalid, AppKey, MasterKey }

    /// <summary>
    /// Checks a header against the app key, or with ",master" against the master key, and refuses a
    /// timestamp more than <paramref name="maxSkew"/> away from <paramref name="now"/> (a replayed header).
    /// </summary>
    public static Result Verify(string? header, string appKey, string? masterKey, DateTimeOffset now, TimeSpan maxSkew)
    {
        var parts = header?.Split(',');
        if (parts is not { Length: 2 or 3 } || (parts.Length == 3 && parts[2] != "master")) return Result.Invalid;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || timestamp > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()
            || (DateTimeOffset.FromUnixTimeMilliseconds(timestamp) - now).Duration() > maxSkew)
            return Result.Invalid;
        var master = parts.Length == 3;
        var key = master ? masterKey : appKey;
        if (string.IsNullOrEmpty(key)) return Result.Invalid;
        var expected = Encoding.ASCII.GetBytes(Hash(parts[1], key));
        var given = Encoding.ASCII.GetBytes(parts[0].ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, given)) return Result.Invalid;
        return master ? Result.MasterKey : Result.AppKey;
    }

    private static string Hash(string timestamp, string key) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(timestamp + key)));
}
