using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Makes codes from a CSPRNG and hashes them with a keyed HMAC bound to purpose and phone, so a
/// stored hash is useless without the server's secret and a code for one purpose or phone cannot
/// be replayed for another.
/// </summary>
public sealed class VerificationCodes(byte[] secret)
{
    private readonly byte[] _secret = secret.Length > 0
        ? secret
        : throw new ArgumentException("The code secret must not be empty.", nameof(secret));

    /// <summary>A uniformly random numeric code of <paramref name="length"/> digits.</summary>
    public static string Generate(int length)
    {
        Span<char> digits = stackalloc char[length];
        for (var i = 0; i < length; i++) digits[i] = (char)('0' + RandomNumberGenerator.GetInt32(10));
        return new string(digits);
    }

    /// <summary>
    /// A code as the user typed it, in the form it was sent: full-width digits (as Chinese input methods
    /// type them) become ASCII, and spaces ("123 456", a pasted code) are dropped.
    /// </summary>
    public static string Canonical(string typed) =>
        typed.All(char.IsAsciiDigit) ? typed : string.Concat(typed.Select(PhoneNumber.ToHalfWidth).Where(c => !char.IsWhiteSpace(c)));

    /// <summary>HMAC-SHA256(secret, purpose | phone | code), hex.</summary>
    public string Hash(string purpose, string phone, string code)
    {
        var message = Encoding.UTF8.GetBytes(purpose + "|" + phone + "|" + code);
        return Convert.ToHexStringLower(HMACSHA256.HashData(_secret, message));
    }

    /// <summary>A keyed tag of <paramref name="requester"/> (a client address), so that codes name who asked without storing it.</summary>
    public string Tag(string requester) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("requester|" + requester)));

    /// <summary>Constant-time comparison of the hash of <paramref name="code"/> with a stored hash.</summary>
    public bool Matches(string storedHash, string purpose, string phone, string code) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(storedHash),
            Encoding.ASCII.GetBytes(Hash(purpose, phone, code)));
}
