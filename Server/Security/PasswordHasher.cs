using Microsoft.AspNetCore.Identity;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Security;

/// <summary>
/// New passwords: ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, format v3),
/// maintained with the framework. Imported passwords: Parse Server's bcrypt hashes (through the
/// system's libcrypt) and LeanCloud's salted SHA-512 hashes verify and ask to be rehashed, so
/// migrating users keep their passwords.
/// </summary>
public sealed class PasswordHasher : IPasswordHasher
{
    private readonly PasswordHasher<UserRecord> _identity = new();

    public string Hash(string password) => _identity.HashPassword(null!, password);

    public PasswordCheck Verify(string hash, string password)
    {
        if (Bcrypt.IsBcrypt(hash)) return Bcrypt.Verify(hash, password) ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Failed;
        if (LeanCloudPasswordHash.IsLeanCloud(hash)) return LeanCloudPasswordHash.Verify(hash, password) ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Failed;
        try
        {
            return _identity.VerifyHashedPassword(null!, hash, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Success,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
                _ => PasswordCheck.Failed,
            };
        }
        catch (FormatException)
        {
            return PasswordCheck.Failed; // not a hash of any format we know
        }
    }
}
