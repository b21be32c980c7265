using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Security;

/// <summary>
/// The password hash of LeanCloud's _User export, as its documentation describes it: SHA-512 of the
/// salt followed by the password, then SHA-512 of the digest 512 more times, in Base64. Imported
/// users keep it as <c>$leancloud-sha512$&lt;salt&gt;$&lt;hash&gt;</c> until their first login, which
/// replaces it with the current algorithm.
/// </summary>
public static class LeanCloudPasswordHash
{
    public const string Prefix = "$leancloud-sha512$";

    /// <summary>The stored form of an exported salt and password hash.</summary>
    public static string Format(string salt, string hash) => Prefix + salt + "$" + hash;

    public static bool IsLeanCloud(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Compute(string salt, string password)
    {
        var digest = SHA512.HashData(Encoding.UTF8.GetBytes(salt + password));
        for (var i = 0; i < 512; i++) digest = SHA512.HashData(digest);
        return Convert.ToBase64String(digest);
    }

    public static bool Verify(string stored, string password)
    {
        var rest = stored[Prefix.Length..];
        var separator = rest.LastIndexOf('$');
        if (separator < 0) return false;
        var expected = Encoding.ASCII.GetBytes(rest[(separator + 1)..]);
        var actual = Encoding.ASCII.GetBytes(Compute(rest[..separator], password));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
