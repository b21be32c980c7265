using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// Password login, password verification and the master key's loginAs, with Parse Server's account
/// lockout. An unknown user and a wrong password get the same answer in the same time, whatever kind
/// of hash the account has: every failed check is padded to <see cref="IPasswordHasher.SlowestVerification"/>.
/// </summary>
public sealed class PasswordLogin(
    IUserStore users,
    SessionService sessions,
    IPasswordHasher hasher,
    TriggerRunner triggers,
    TimeProvider time,
    PhoneParser phones,
    IOptions<UsersOptions> options,
    ILogger<PasswordLogin> logger)
{
    private readonly Lazy<string> _dummyHash = new(() => hasher.Hash(Guid.NewGuid().ToString()));

    /// <summary>An operator's clear of the account lockout and the failed-login count (master key only).</summary>
    public async Task ClearLockoutAsync(string userId, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyRequired);
        await users.ResetFailedLoginsAsync(userId, cancellationToken);
        logger.LogWarning(LogEvents.AccountUnlocked, "Account lockout of user {UserId} cleared by an operator", userId);
    }

    /// <summary>/login: checks the credentials, runs beforeLogin, makes a session, runs afterLogin.</summary>
    public async Task<IssuedSession> LogInAsync(string? username, string? email, string? password, RequestContext caller, CancellationToken cancellationToken)
    {
        var user = await CheckCredentialsAsync(username, email, password, cancellationToken);
        await triggers.BeforeLoginAsync(user, caller, cancellationToken);
        var session = await sessions.CreateAsync(user, caller.InstallationId, LoginKind.LogIn, LoginProviders.Password, cancellationToken);
        logger.LogInformation(LogEvents.UserLoggedIn, "User {UserId} logged in with a password", user.Id);
        await triggers.AfterLoginAsync(user, caller, cancellationToken);
        return session;
    }

    /// <summary>A login with the account's phone number and its password (LeanCloud's login with mobilePhoneNumber).</summary>
    public async Task<IssuedSession> LogInWithPhoneAsync(string? phoneNumber, string? password, RequestContext caller, CancellationToken cancellationToken)
    {
        var phone = phones.Parse(phoneNumber);
        var started = time.GetTimestamp();
        var user = await CheckAsync(await users.FindByPhoneAsync(phone.E164, cancellationToken), password, started, cancellationToken);
        await triggers.BeforeLoginAsync(user, caller, cancellationToken);
        var session = await sessions.CreateAsync(user, caller.InstallationId, LoginKind.LogIn, LoginProviders.Password, cancellationToken);
        logger.LogInformation(LogEvents.UserLoggedIn, "User {UserId} logged in with a phone number and a password", user.Id);
        await triggers.AfterLoginAsync(user, caller, cancellationToken);
        return session;
    }

    /// <summary>/verifyPassword: the same checks, no session.</summary>
    public Task<UserRecord> VerifyAsync(string? username, string? email, string? password, CancellationToken cancellationToken) =>
        CheckCredentialsAsync(username, email, password, cancellationToken);

    /// <summary>The current password of a known user (updatePassword's old password), checked as a login checks it: lockout and padding included.</summary>
    public async Task<UserRecord> VerifyUserAsync(string userId, string? password, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        return await CheckAsync(await users.FindByIdAsync(userId, cancellationToken), password, started, cancellationToken);
    }

    /// <summary>/loginAs: a session for any user, with the master key only.</summary>
    public async Task<IssuedSession> LogInAsAsync(string? userId, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.PermissionDenied, "loginAs needs the master key");
        if (string.IsNullOrEmpty(userId)) throw new PhoneAuthException(AuthError.MissingValue) { Args = ["userId"] };
        var user = await users.FindByIdAsync(userId, cancellationToken) ?? throw new PhoneAuthException(AuthError.UserNotFound);
        return await sessions.CreateAsync(user, caller.InstallationId, LoginKind.LogIn, LoginProviders.MasterKey, cancellationToken);
    }

    private async Task<UserRecord> CheckCredentialsAsync(string? username, string? email, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(username) && string.IsNullOrEmpty(email)) throw new PhoneAuthException(AuthError.LoginIdentifierMissing);
        if (string.IsNullOrEmpty(password)) throw new PhoneAuthException(AuthError.PasswordMissing);
        var started = time.GetTimestamp();

        // As Parse Server: "username" may also hold the email address.
        var user = !string.IsNullOrEmpty(username)
            ? await FindByUsernameAsync(username, cancellationToken) ?? await users.FindByEmailAsync(username, cancellationToken)
            : await users.FindByEmailAsync(email!, cancellationToken);
        if (user is not null && !string.IsNullOrEmpty(username) && !string.IsNullOrEmpty(email)
            && !string.Equals(user.Email, email, StringComparison.OrdinalIgnoreCase))
            user = null;
        return await CheckAsync(user, password, started, cancellationToken);
    }

    /// <summary>
    /// The user of <paramref name="username"/> as written, else, when it is a phone number in another
    /// form ("13800138000"), of its E.164 form: the username a phone sign-up gets, which the LeanCloud
    /// dialect shows as the national number. A client cannot choose a phone-shaped username, so the
    /// second look-up finds no one else's.
    /// </summary>
    private async Task<UserRecord?> FindByUsernameAsync(string username, CancellationToken cancellationToken) =>
        await users.FindByUsernameAsync(username, cancellationToken)
        ?? (phones.TryRead(username, out var phone) && phone.E164 != username ? await users.FindByUsernameAsync(phone.E164, cancellationToken) : null);

    /// <summary>
    /// The password check proper, with lockout; <paramref name="user"/> null for an unknown identifier.
    /// <paramref name="started"/> is the timestamp before the user was looked up.
    /// </summary>
    private async Task<UserRecord> CheckAsync(UserRecord? user, string? password, long started, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password)) throw new PhoneAuthException(AuthError.PasswordMissing);
        if (user?.PasswordHash is null)
        {
            // A real check's work too, so that the load on the machine does not differ either.
            hasher.Verify(_dummyHash.Value, password);
            await PadAsync(started, cancellationToken);
            throw new PhoneAuthException(AuthError.InvalidCredentials);
        }

        var lockout = options.Value.AccountLockout;
        var now = time.GetUtcNow();
        if (lockout.Threshold > 0 && user.LockoutUntil > now && user.FailedLoginCount >= lockout.Threshold)
            throw Locked(user.LockoutUntil.Value - now);

        var check = hasher.Verify(user.PasswordHash, password);
        if (check == PasswordCheck.Failed)
        {
            logger.LogInformation(LogEvents.LoginFailed, "Wrong password for user {UserId}", user.Id);
            var (count, until) = lockout.Threshold > 0
                ? await users.RecordFailedLoginAsync(user.Id, now, lockout.Threshold, lockout.Duration, cancellationToken)
                : (0, null);
            await PadAsync(started, cancellationToken);
            // Parse Server answers the lock only after the threshold is passed; at the threshold, the usual error.
            if (lockout.Threshold > 0 && count > lockout.Threshold && until > now) throw Locked(until.Value - now);
            throw new PhoneAuthException(AuthError.InvalidCredentials);
        }

        if (user.FailedLoginCount > 0 || user.LockoutUntil is not null) await users.ResetFailedLoginsAsync(user.Id, cancellationToken);
        if (check == PasswordCheck.SuccessRehashNeeded) user = await RehashAsync(user, password, cancellationToken);
        return user;
    }

    /// <summary>
    /// Waits until a failed check has taken as long as the slowest verification the hasher accepts. A
    /// bcrypt hash at the highest cost takes far longer than the current hash, LeanCloud's (a few
    /// milliseconds) or none at all; without this, the time of a failure would tell which an account has.
    /// Successes are not padded: only the holder of the password gets one.
    /// </summary>
    private async Task PadAsync(long started, CancellationToken cancellationToken)
    {
        var remaining = hasher.SlowestVerification - time.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero) await Task.Delay(remaining, time, cancellationToken);
    }

    private PhoneAuthException Locked(TimeSpan remaining)
    {
        logger.LogInformation(LogEvents.AccountLocked, "Login refused: account locked");
        return new PhoneAuthException(AuthError.AccountLocked) { Args = [Math.Max(1, (int)Math.Ceiling(remaining.TotalMinutes))], RetryAfter = remaining };
    }

    /// <summary>Replaces an imported hash (bcrypt from Parse Server) with the current algorithm. Best effort: a lost race keeps the old hash.</summary>
    private async Task<UserRecord> RehashAsync(UserRecord user, string password, CancellationToken cancellationToken)
    {
        var fresh = await users.FindByIdAsync(user.Id, cancellationToken) ?? user;
        var rehashed = fresh with { PasswordHash = hasher.Hash(password), Version = fresh.Version + 1, FailedLoginCount = 0, LockoutUntil = null };
        if (!await users.UpdateAsync(rehashed, fresh.Version, cancellationToken)) return fresh;
        logger.LogInformation(LogEvents.PasswordRehashed, "Password hash of user {UserId} upgraded", user.Id);
        return rehashed;
    }
}
