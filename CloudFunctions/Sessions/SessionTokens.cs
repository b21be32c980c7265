using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.CloudFunctions.Sessions;

/// <summary>
/// Session tokens are "r:" plus 32 lower-case hex characters (128 random bits), as Parse Server makes
/// them; the Parse SDK only calls /logout for tokens containing "r:". Only a SHA-256 of the token is
/// stored: 128 random bits need no key or salt, and a database leak then yields no usable token.
/// </summary>
public static class SessionTokens
{
    public static string New() => "r:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
