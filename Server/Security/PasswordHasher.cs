using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.Server.Security;

/// <summary>
/// New passwords: ASP.NET Core Identity's hasher (PBKDF2-HMAC-SHA512, 100,000 iterations, format v3),
/// maintained with the framework. Imported passwords: Parse Server's bcrypt hashes (up to
/// <see cref="UsersOptions.MaxBcryptCost"/>) and LeanCloud's salted SHA-512 hashes verify and ask to
/// be rehashed, so migrating users keep their passwords.
/// </summary>
public sealed class PasswordHasher(IOptions<UsersOptions> options, ILogger<PasswordHasher> logger) : IPasswordHasher
{
    private readonly PasswordHasher<UserRecord> _identity = new();

    public string Hash(string password) => _identity.HashPassword(null!, password);

    public PasswordCheck Verify(string hash, string password)
    {
        if (Bcrypt.IsBcrypt(hash)) return VerifyBcrypt(hash, password);
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

    private PasswordCheck VerifyBcrypt(string hash, string password)
    {
        var cost = Bcrypt.Cost(hash);
        var max = options.Value.MaxBcryptCost;
        if (cost > max)
        {
            // Each step of cost doubles the work: computing it would let one login hold a core for as long as the hash's author chose.
            logger.LogWarning(LogEvents.PasswordHashRefused,
                "A stored bcrypt hash of cost {Cost} is above Users:MaxBcryptCost ({MaxCost}): refused without computing it, as a wrong password. Its user must reset the password",
                cost, max);
            return PasswordCheck.Failed;
        }
        return Bcrypt.Verify(hash, password) ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Failed;
    }
}
