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

/// <summary>The phone sign-in flows: request a code, then sign up or log in with it.</summary>
public sealed class PhoneAuthService(
    SmsCodeService codes,
    IUserStore users,
    UserService userService,
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

    /// <summary>Sends a code for <paramref name="purpose"/>. Same answer whether or not the phone has an account.</summary>
    public Task<CodeRequested> RequestCodeAsync(string? phoneNumber, string purpose, RequestContext caller, CancellationToken cancellationToken) =>
        codes.RequestAsync(ParsePhone(phoneNumber), purpose, caller, cancellationToken);

    /// <summary>
    /// Verifies and consumes a login code, then logs in the phone's user, creating it if there is
    /// none (when registration is allowed).
    /// </summary>
    public async Task<IssuedSession> SignUpOrLogInAsync(string? phoneNumber, string code, RequestContext caller, CancellationToken cancellationToken)
    {
        var phone = ParsePhone(phoneNumber);
        await codes.VerifyAsync(phone, CodePurpose.Login, code, cancellationToken);

        // Only the phone's holder gets this far, so telling whether an account exists leaks nothing.
        var user = await users.FindByPhoneAsync(phone.E164, cancellationToken);
        if (user is not null) return await LogInAsync(user, caller, cancellationToken);
        if (!options.Value.AllowRegister) throw new PhoneAuthException(AuthError.PhoneNumberNotFound);

        var (created, isNew) = await CreateOrFindAsync(phone, caller, cancellationToken);
        return isNew
            ? await sessions.CreateAsync(created, caller.InstallationId, "signup", SessionProvider, cancellationToken)
            : await LogInAsync(created, caller, cancellationToken);
    }

    /// <summary>A phone login is a login: beforeLogin may refuse it, afterLogin hears of it.</summary>
    private async Task<IssuedSession> LogInAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken)
    {
        await triggers.BeforeLoginAsync(user, caller, cancellationToken);
        var session = await sessions.CreateAsync(user, caller.InstallationId, "login", SessionProvider, cancellationToken);
        logger.LogInformation(LogEvents.UserLoggedIn, "User {UserId} logged in by phone", user.Id);
        await triggers.AfterLoginAsync(user, caller, cancellationToken);
        return session;
    }

    /// <summary>
    /// Creates the user of a verified phone. The unique index on the phone decides a race with
    /// another request for the same phone: the loser logs in to the winner's account.
    /// </summary>
    private async Task<(UserRecord User, bool IsNew)> CreateOrFindAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var user = new UserRecord
        {
            Id = ObjectIds.New(),
            Username = phone.E164,
            Phone = phone.E164,
            PhoneVerified = true,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 1,
        };
        try
        {
            return (await CreateWithFreeUsernameAsync(user, caller, cancellationToken), true);
        }
        catch (PhoneAuthException ex) when (ex.Error == AuthError.PhoneNumberTaken)
        {
            var winner = await users.FindByPhoneAsync(phone.E164, cancellationToken)
                ?? throw new PhoneAuthException(AuthError.PhoneNumberTaken, "The phone's user vanished during sign-up.");
            return (winner, false);
        }
    }

    /// <summary>The username is the phone number unless a password user already chose that name.</summary>
    private async Task<UserRecord> CreateWithFreeUsernameAsync(UserRecord user, RequestContext caller, CancellationToken cancellationToken)
    {
        try
        {
            return await userService.CreateAsync(user, caller, cancellationToken);
        }
        catch (PhoneAuthException ex) when (ex.Error == AuthError.UsernameTaken)
        {
            return await userService.CreateAsync(user with { Username = "phone_" + ObjectIds.New() }, caller, cancellationToken);
        }
    }
}
