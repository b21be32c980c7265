using System.Text.RegularExpressions;

namespace PhoneAuth.Server.Security;

/// <summary>
/// Parse Server's bcrypt hashes ($2a$, $2b$, $2y$), verified with BCrypt.Net-Next: managed code, so it
/// works wherever .NET does (the system's libcrypt is not on Windows, macOS or musl). Used only for
/// hashes imported from Parse Server.
/// </summary>
internal static partial class Bcrypt
{
    /// <summary>The modular crypt form: prefix, a cost of 04 to 31, then 22 characters of salt and 31 of hash.</summary>
    [GeneratedRegex(@"\A\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}\z")]
    private static partial Regex Shape();

    public static bool IsBcrypt(string hash) => Shape().IsMatch(hash);

    /// <summary>The cost of a hash that <see cref="IsBcrypt"/> accepts: log2 of its rounds.</summary>
    public static int Cost(string hash) => (hash[4] - '0') * 10 + (hash[5] - '0');

    /// <summary>Computes the hash of <paramref name="password"/> under the salt and cost of <paramref name="hash"/>, and compares in constant time.</summary>
    public static bool Verify(string hash, string password)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false; // a salt the library cannot decode: no password matches it
        }
    }
}
