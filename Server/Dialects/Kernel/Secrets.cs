using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Constant-time comparison of keys and tokens, independent of where they first differ and of their lengths.</summary>
public static class Secrets
{
    public static bool Equal(string? supplied, string? expected)
    {
        if (string.IsNullOrEmpty(supplied) || string.IsNullOrEmpty(expected)) return false;
        // Comparing fixed-length digests hides the length of the expected value as well.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(supplied)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
