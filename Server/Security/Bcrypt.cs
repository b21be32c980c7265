using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace PhoneAuth.Server.Security;

/// <summary>
/// Verifies bcrypt hashes ($2a$, $2b$, $2y$) through libxcrypt's <c>crypt_rn</c>, which Debian and
/// most Linux distributions ship as libcrypt.so.1. Used only for hashes imported from Parse Server.
/// </summary>
internal static class Bcrypt
{
    private const int CryptDataSize = 32768; // sizeof(struct crypt_data) in libxcrypt

    public static bool IsBcrypt(string hash) =>
        hash.Length == 60 && hash[0] == '$' && hash[1] == '2' && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$';

    public static bool Verify(string hash, string password)
    {
        // crypt_rn writes its result at the start of the buffer (struct crypt_data begins with char output[]).
        var data = new byte[CryptDataSize];
        if (CryptRn(password, hash, data, data.Length) == IntPtr.Zero) return false;
        var computed = data.AsSpan(0, data.AsSpan().IndexOf((byte)0));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(hash));
    }

    [DllImport("libcrypt.so.1", EntryPoint = "crypt_rn")]
    private static extern IntPtr CryptRn(
        [MarshalAs(UnmanagedType.LPUTF8Str)] string phrase, [MarshalAs(UnmanagedType.LPUTF8Str)] string setting, byte[] data, int size);
}
