using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>The phone sign-in flows: sign up or log in, register only, log in only. Each needs a code for its purpose.</summary>
public sealed class PhoneSignIn(
    SmsCodeService codes,
    IWriteBatches writes,
    IUserStore users,
    UserService userService,
    SessionService sessions,
    TriggerRunner triggers,
    PhoneParser phones,
    TimeProvider time,
    IOptions<PhoneAuthOptions> options,
    ILogger<PhoneSignIn> logger)
{
    /// <summary>
    /// signUpOrlogInWithMobilePhone: verifies and consumes a login code, then logs in the phone's user,
    /// creating it if there is none (when registration is allowed). A new user also gets
    /// <paramref name="profile"/> (username, password, custom fields), as a client's own sign-up would.
    /// </summary>
    public async Task<SignInResult> SignUpOrLogInAsync(string? phoneNumber, string code, UserChanges? profile, RequestContext caller,
        CancellationToken cancellationToken)
    {
        var phone = phones.Parse(phoneNumber);
        return await WithCodeAsync(phone, CodePurpose.Login, code, caller, cancellationToken, async pending =>
        {
            // Only the phone's holder gets this far, so telling whether an account exists leaks nothing.
            var user = await users.FindByPhoneAsync(phone.E164, cancellationToken);
            if (user is not null) return new SignInResult(await LogInAsync(user, caller, pending, cancellationToken), UserCreated: false);
            if (!options.Value.AllowRegister) throw new PhoneAuthException(AuthError.PhoneNumberNotFound);

            var (created, isNew) = await CreateOrFindAsync(phone, nickname: null, profile, caller, cancellationToken);
            return isNew
                ? new SignInResult(await sessions.CreateAsync(created, caller.InstallationId, LoginKind.SignUp, LoginProviders.Phone, pending, cancellationToken), UserCreated: true)
                : new SignInResult(await LogInAsync(created, caller, pending, cancellationToken), UserCreated: false);
        });
    }

    /// <summary>registerWithMobilePhone: creates the phone's user with a register code; 214 if the phone has one.</summary>
    public async Task<IssuedSession> RegisterAsync(string? phoneNumber, string code, string? nickname, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!options.Value.AllowRegister) throw new PhoneAuthException(AuthError.RegistrationClosed);
        var phone = phones.Parse(phoneNumber);
        return await WithCodeAsync(phone, CodePurpose.Register, code, caller, cancellationToken, async pending =>
        {
            // After a valid code only: the holder of the phone may learn that it is taken.
            if (await users.FindByPhoneAsync(phone.E164, cancellationToken) is not null) throw new PhoneAuthException(AuthError.PhoneNumberTaken);

            var (created, isNew) = await CreateOrFindAsync(phone, nickname, profile: null, caller, cancellationToken);
            if (!isNew) throw new PhoneAuthException(AuthError.PhoneNumberTaken);
            return await sessions.CreateAsync(created, caller.InstallationId, LoginKind.SignUp, LoginProviders.Phone, pending, cancellationToken);
        });
    }

    /// <summary>logInWithMobilePhone: logs in the phone's user with a login code; 213 (after the code) if there is none.</summary>
    public async Task<IssuedSession> LogInOnlyAsync(string? phoneNumber, string code, RequestContext caller, CancellationToken cancellationToken)
    {
        var phone = phones.Parse(phoneNumber);
        return await WithCodeAsync(phone, CodePurpose.Login, code, caller, cancellationToken, async pending =>
        {
            var user = await users.FindByPhoneAsync(phone.E164, cancellationToken) ?? throw new PhoneAuthException(AuthError.PhoneNumberNotFound);
            return await LogInAsync(user, caller, pending, cancellationToken);
        });
    }

    /// <summary>
    /// Verifies and uses the code, then signs in: the guard's count of the used code waits in a batch that the
    /// session's write takes along, and is written by itself when the sign-in ends before its session (the code is
    /// used whatever happens next).
    /// </summary>
    private async Task<T> WithCodeAsync<T>(PhoneNumber phone, string purpose, string code, RequestContext caller, CancellationToken cancellationToken,
        Func<IWriteBatch, Task<T>> signIn)
    {
        var pending = writes.Begin();
        try
        {
            await codes.VerifyAsync(phone, new CodeScope(purpose), code, caller, cancellationToken, pending);
            return await signIn(pending);
        }
        finally
        {
            await codes.CommitCountsAsync(pending);
        }
    }

    /// <summary>
    /// A phone login is a login: beforeLogin may refuse it, afterLogin hears of it. Only into an
    /// account whose phone was verified: a number typed in by hand (set with the master key, or
    /// imported unverified) may belong to someone else.
    /// </summary>
    private async Task<IssuedSession> LogInAsync(UserRecord user, RequestContext caller, IWriteBatch pending, CancellationToken cancellationToken)
    {
        if (!user.PhoneVerified) throw new PhoneAuthException(AuthError.PhoneNotVerified);
        await triggers.BeforeLoginAsync(user, caller, cancellationToken);
        var session = await sessions.CreateAsync(user, caller.InstallationId, LoginKind.LogIn, LoginProviders.Phone, pending, cancellationToken);
        logger.LogInformation(LogEvents.UserLoggedIn, "User {UserId} logged in by phone", user.Id);
        await triggers.AfterLoginAsync(user, caller, cancellationToken);
        return session;
    }

    /// <summary>
    /// Creates the user of a verified phone. The unique index on the phone decides a race with
    /// another request for the same phone: the loser finds the winner's account.
    /// </summary>
    private async Task<(UserRecord User, bool IsNew)> CreateOrFindAsync(PhoneNumber phone, string? nickname, UserChanges? profile,
        RequestContext caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new UserRecord
        {
            Id = ObjectIds.New(),
            Username = phone.E164,
            Phone = phone.E164,
            PhoneVerified = true,
            Fields = nickname is null ? [] : new JsonObject { ["nickname"] = nickname },
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        if (profile is not null) user = userService.ApplyProfile(user, profile, caller);
        try
        {
            return (await CreateWithFreeUsernameAsync(user, chosenUsername: profile?.Username is not null, caller, cancellationToken), true);
        }
        catch (PhoneAuthException ex) when (ex.Error == AuthError.PhoneNumberTaken)
        {
            var winner = await users.FindByPhoneAsync(phone.E164, cancellationToken)
                ?? throw new PhoneAuthException(AuthError.PhoneNumberTaken, "The phone's user vanished during sign-up.");
            return (winner, false);
        }
    }

    /// <summary>
    /// The username is the phone number unless that name was taken before the reservation of phone-shaped
    /// usernames (or by the master key). A username the client chose is kept or refused (202), never replaced.
    /// </summary>
    private async Task<UserRecord> CreateWithFreeUsernameAsync(UserRecord user, bool chosenUsername, RequestContext caller, CancellationToken cancellationToken)
    {
        try
        {
            return await userService.CreateAsync(user, caller, cancellationToken);
        }
        catch (PhoneAuthException ex) when (ex.Error == AuthError.UsernameTaken && !chosenUsername)
        {
            return await userService.CreateAsync(user with { Username = "phone_" + ObjectIds.New() }, caller, cancellationToken);
        }
    }
}

/// <summary>A phone sign-in: its session, and whether it made a new user (LeanCloud answers 201 then, 200 otherwise).</summary>
public sealed record SignInResult(IssuedSession Session, bool UserCreated);
