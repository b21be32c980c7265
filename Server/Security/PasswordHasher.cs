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
public sealed class PasswordHasher : IPasswordHasher
{
    private readonly PasswordHasher<UserRecord> _identity = new();
    private readonly IOptions<UsersOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PasswordHasher> _logger;
    private readonly Lazy<TimeSpan> _slowest;

    public PasswordHasher(IOptions<UsersOptions> options, TimeProvider time, ILogger<PasswordHasher> logger)
    {
        (_options, _time, _logger) = (options, time, logger);
        _slowest = new(MeasureSlowest);
    }

    public TimeSpan SlowestVerification => _slowest.Value;

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
        var max = _options.Value.MaxBcryptCost;
        if (cost > max)
        {
            // Each step of cost doubles the work: computing it would let one login hold a core for as long as the hash's author chose.
            _logger.LogWarning(LogEvents.PasswordHashRefused,
                "A stored bcrypt hash of cost {Cost} is above Users:MaxBcryptCost ({MaxCost}): refused without computing it, as a wrong password. Its user must reset the password",
                cost, max);
            return PasswordCheck.Failed;
        }
        return Bcrypt.Verify(hash, password) ? PasswordCheck.SuccessRehashNeeded : PasswordCheck.Failed;
    }

    /// <summary>
    /// Times one failing check of each kind: the current hash, LeanCloud's, and bcrypt at the highest cost
    /// computed (a bcrypt check takes as long whether or not the password matches).
    /// </summary>
    private TimeSpan MeasureSlowest()
    {
        var password = Guid.NewGuid().ToString();
        var current = Hash(Guid.NewGuid().ToString());
        var leanCloud = LeanCloudPasswordHash.Format("salt", LeanCloudPasswordHash.Compute("salt", Guid.NewGuid().ToString()));
        var bcrypt = $"$2b${_options.Value.MaxBcryptCost:D2}$" + new string('.', 53);
        TimeSpan Time(string hash)
        {
            Verify(hash, password); // once unmeasured: a first run is slowed by the JIT, which later logins do not pay
            var start = _time.GetTimestamp();
            Verify(hash, password);
            return _time.GetElapsedTime(start);
        }
        var slowest = new[] { Time(current), Time(leanCloud), Time(bcrypt) }.Max();
        _logger.LogInformation(LogEvents.PasswordCheckTimed, "The slowest password check takes {Milliseconds} ms: failed logins are padded to it", (int)slowest.TotalMilliseconds);
        return slowest;
    }
}
