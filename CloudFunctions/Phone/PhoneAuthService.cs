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

/// <summary>Codes for every purpose, and the phone sign-in flows: sign up or log in, register only, log in only.</summary>
public sealed class PhoneAuthService(
    SmsCodeService codes,
    IUserStore users,
    UserService userService,
    PhoneAccountService accounts,
    ChallengeGate challenge,
    SessionService sessions,
    TriggerRunner triggers,
    TimeProvider time,
    IOptions<PhoneAuthOptions> options,
    ILogger<PhoneAuthService> logger)
{
    /// <summary>The provider name sessions made by a phone code carry in createdWith.</summary>
    public const string SessionProvider = "phone";

    /// <summary>Parses a client-supplied number, or throws InvalidPhoneNumber.</summary>
    public PhoneNumber ParsePhone(string? input) => PhoneNumber.Parse(input, options.Value.DefaultCountryCode);

    /// <summary>
    /// Sends a code for <paramref name="purpose"/>. Codes to bind or change a phone need a logged-in
    /// user; codes to unbind or verify go to that user's current phone, so the number may be omitted.
    /// For sign-in purposes the answer is the same whether or not the phone has an account.
    /// With Limits:RequireChallenge, <paramref name="challengeToken"/> must pass first.
    /// </summary>
    public async Task<CodeRequested> RequestCodeAsync(string? phoneNumber, string purpose, RequestContext caller, string? userId,
        CancellationToken cancellationToken, string? challengeToken = null)
    {
        var answer = await challenge.CheckAsync(challengeToken, caller, cancellationToken);
        switch (purpose)
        {
            case CodePurpose.Login or CodePurpose.Register or CodePurpose.ResetPassword:
                return await codes.RequestAsync(ParsePhone(phoneNumber), purpose, caller, answer, cancellationToken);
            case CodePurpose.Bind or CodePurpose.Change:
                var user = await accounts.ActingUserAsync(caller, userId, cancellationToken);
                return await codes.RequestAsync(ParsePhone(phoneNumber), purpose, caller, answer, cancellationToken, user.Id);
            case CodePurpose.Unbind or CodePurpose.Verify:
                var holder = await accounts.ActingUserAsync(caller, userId, cancellationToken);
                var phone = accounts.CurrentPhone(holder);
                if (!string.IsNullOrEmpty(phoneNumber) && ParsePhone(phoneNumber).E164 != phone.E164)
                    throw new PhoneAuthException(AuthError.NotCurrentPhone);
                return await codes.RequestAsync(phone, purpose, caller, answer, cancellationToken, holder.Id);
            default:
                throw new PhoneAuthException(AuthError.InvalidParameterOption) { Args = ["purpose", string.Join(", ", CodePurpose.All)] };
        }
    }

    /// <summary>
    /// signUpOrlogInWithMobilePhone: verifies and consumes a login code, then logs in the phone's user,
    /// creating it if there is none (when registration is allowed). A new user also gets
    /// <paramref name="profile"/> (username, password, custom fields), as a client's own sign-up would.
    /// </summary>
    public async Task<IssuedSession> SignUpOrLogInAsync(string? phoneNumber, string code, RequestContext caller, CancellationToken cancellationToken,
        UserChanges? profile = null)
    {
        var phone = ParsePhone(phoneNumber);
        await codes.VerifyAsync(phone, CodePurpose.Login, code, caller, cancellationToken);

        // Only the phone's holder gets this far, so telling whether an account exists leaks nothing.
        var user = await users.FindByPhoneAsync(phone.E164, cancellationToken);
        if (user is not null) return await LogInAsync(user, caller, cancellationToken);
        if (!options.Value.AllowRegister) throw new PhoneAuthException(AuthError.PhoneNumberNotFound);

        var (created, isNew) = await CreateOrFindAsync(phone, nickname: null, caller, cancellationToken, profile);
        return isNew
            ? await sessions.CreateAsync(created, caller.InstallationId, "signup", SessionProvider, cancellationToken)
            : await LogInAsync(created, caller, cancellationToken);
    }

    /// <summary>registerWithMobilePhone: creates the phone's user with a register code; 214 if the phone has one.</summary>
    public async Task<IssuedSession> RegisterAsync(string? phoneNumber, string code, string? nickname, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!options.Value.AllowRegister) throw new PhoneAuthException(AuthError.RegistrationClosed);
        var phone = ParsePhone(phoneNumber);
        await codes.VerifyAsync(phone, CodePurpose.Register, code, caller, cancellationToken);
        // After a valid code only: the holder of the phone may learn that it is taken.
        if (await users.FindByPhoneAsync(phone.E164, cancellationToken) is not null) throw new PhoneAuthException(AuthError.PhoneNumberTaken);

        var (created, isNew) = await CreateOrFindAsync(phone, nickname, caller, cancellationToken);
        if (!isNew) throw new PhoneAuthException(AuthError.PhoneNumberTaken);
        return await sessions.CreateAsync(created, caller.InstallationId, "signup", SessionProvider, cancellationToken);
    }

    /// <summary>logInWithMobilePhone: logs in the phone's user with a login code; 213 (after the code) if there is none.</summary>
    public async Task<IssuedSession> LogInOnlyAsync(string? phoneNumber, string code, RequestContext caller, CancellationToken cancellationToken)
    {
        var phone = ParsePhone(phoneNumber);
        await codes.VerifyAsync(phone, CodePurpose.Login, code, caller, cancellationToken);
        var user = await users.FindByPhoneAsync(phone.E164, cancellationToken) ?? throw new PhoneAuthException(AuthError.PhoneNumberNotFound);
        return await LogInAsync(user, caller, cancellationToken);
    }

    /// <summary>
    /// A phone login is a login: beforeLogin may refuse it, afterLogin hears of it. Only into an
    /// account whose phone was verified: a number typed in by hand (set with the master key, or
    /// imported unverified) may belong to someone else.
    /// </summary>
    private async Task<IssuedSession> LogInAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!user.PhoneVerified) throw new PhoneAuthException(AuthError.PhoneNotVerified);
        await triggers.BeforeLoginAsync(user, caller, cancellationToken);
        var session = await sessions.CreateAsync(user, caller.InstallationId, "login", SessionProvider, cancellationToken);
        logger.LogInformation(LogEvents.UserLoggedIn, "User {UserId} logged in by phone", user.Id);
        await triggers.AfterLoginAsync(user, caller, cancellationToken);
        return session;
    }

    /// <summary>
    /// Creates the user of a verified phone. The unique index on the phone decides a race with
    /// another request for the same phone: the loser finds the winner's account.
    /// </summary>
    private async Task<(UserRecord User, bool IsNew)> CreateOrFindAsync(PhoneNumber phone, string? nickname, RequestContext caller, CancellationToken cancellationToken,
        UserChanges? profile = null)
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
    /// The username is the phone number unless a password user already chose that name. A username
    /// the client chose is kept or refused (202), never replaced.
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
