using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The life of a phone on an account after sign-up: bind, unbind, prove ownership for a ticket, move
/// to a new number, reset the password. Each step needs a code for its own purpose; changing or
/// unbinding the phone, or resetting the password, ends the user's other sessions.
/// </summary>
public sealed class PhoneAccountService(
    SmsCodeService codes,
    IVerificationCodeStore codeStore,
    IUserStore users,
    UserService userService,
    ActingUsers accounts,
    PhoneParser phones,
    ITicketStore tickets,
    IPasswordHasher hasher,
    SmsDispatcher dispatcher,
    TimeProvider time,
    IOptions<PhoneAuthOptions> options,
    ILogger<PhoneAccountService> logger)
{
    /// <summary>bindMobilePhone: gives an account without a phone the phone a bind code was sent to.</summary>
    public async Task<UserRecord> BindAsync(string? phoneNumber, string code, RequestContext caller, string? userId, CancellationToken cancellationToken)
    {
        var user = await accounts.ResolveAsync(caller, userId, cancellationToken);
        var phone = phones.Parse(phoneNumber);
        if (user.Phone is not null && user.Phone != phone.E164) throw new PhoneAuthException(AuthError.PhoneAlreadyBound);
        await codes.VerifyAsync(phone, new CodeScope(CodePurpose.Bind, user.Id), code, caller, cancellationToken);

        // The unique index decides a race between two users binding this phone at once: one gets 214.
        var bound = await userService.UpdateVerifiedAsync(user.Id,
            new VerifiedChange(u => u with { Phone = phone.E164, PhoneVerified = true }, SessionRevocation.None, "phone bound"), caller, cancellationToken);
        logger.LogInformation(LogEvents.PhoneBound, "Phone {Phone} bound to user {UserId}", PhoneMask.Mask(phone.E164), user.Id);
        return bound;
    }

    /// <summary>unbindMobilePhone: removes the phone, with a code sent to it, unless it is the only way to log in.</summary>
    public async Task<UserRecord> UnbindAsync(string code, RequestContext caller, string? userId, CancellationToken cancellationToken)
    {
        var user = await accounts.ResolveAsync(caller, userId, cancellationToken);
        var phone = accounts.CurrentPhone(user);
        // Checked before the code, so that a refused unbind does not use up the user's code.
        if (user.PasswordHash is null && user.AuthData is not { Count: > 0 }) throw new PhoneAuthException(AuthError.PhoneIsOnlyLogin);
        await codes.VerifyAsync(phone, new CodeScope(CodePurpose.Unbind, user.Id), code, caller, cancellationToken);

        var unbound = await userService.UpdateVerifiedAsync(user.Id,
            new VerifiedChange(u => u with { Phone = null, PhoneVerified = false }, SessionRevocation.OtherSessions, "the phone was unbound"), caller, cancellationToken);
        await codeStore.InvalidateAsync(phone.E164, time.GetUtcNow(), cancellationToken);
        logger.LogInformation(LogEvents.PhoneUnbound, "Phone {Phone} unbound from user {UserId}", PhoneMask.Mask(phone.E164), user.Id);
        return unbound;
    }

    /// <summary>verifyMyPhone: a code sent to the current phone buys a single-use ticket to change it.</summary>
    public async Task<string> VerifyAsync(string code, RequestContext caller, string? userId, CancellationToken cancellationToken)
    {
        var user = await accounts.ResolveAsync(caller, userId, cancellationToken);
        var phone = accounts.CurrentPhone(user);
        await codes.VerifyAsync(phone, new CodeScope(CodePurpose.Verify, user.Id), code, caller, cancellationToken);

        var ticket = PhoneTickets.New();
        var now = time.GetUtcNow();
        await tickets.CreateAsync(new TicketRecord
        {
            TokenHash = PhoneTickets.Hash(ticket), UserId = user.Id, Phone = phone.E164, CreatedAt = now, ExpiresAt = now + options.Value.TicketLifetime,
        }, cancellationToken);
        return ticket;
    }

    /// <summary>
    /// changeMobilePhone (and LeanCloud's changePhoneNumber): moves the account to the number a change
    /// code was sent to. An account with a verified number must also prove it: a verifyMyPhone ticket for
    /// that number, or a session whose login is recent (<see cref="PhoneAuthOptions.RecentLoginWindow"/>).
    /// A session alone, stolen long after its login, cannot take the account away from its number. The
    /// user's other sessions end, and the old number is told.
    /// </summary>
    public async Task<UserRecord> ChangeAsync(string? ticket, string? newPhoneNumber, string newCode, RequestContext caller, string? userId,
        CancellationToken cancellationToken)
    {
        var user = await accounts.ResolveAsync(caller, userId, cancellationToken);
        var newPhone = phones.Parse(newPhoneNumber);
        var now = time.GetUtcNow();
        // The proof is looked at first, so that a refused change does not use up the new phone's code.
        var ticketHash = string.IsNullOrEmpty(ticket) ? null : PhoneTickets.Hash(ticket);
        if (ticketHash is not null)
        {
            var record = await tickets.FindAsync(ticketHash, cancellationToken);
            if (record is null || record.ConsumedAt is not null || record.ExpiresAt <= now || record.UserId != user.Id || record.Phone != user.Phone)
                throw new PhoneAuthException(AuthError.TicketInvalid);
        }
        else if (user.Phone is not null && user.PhoneVerified && !IsRecentLogin(caller, user, now))
        {
            throw new PhoneAuthException(AuthError.RecentLoginRequired) { Args = [(int)Math.Ceiling(options.Value.RecentLoginWindow.TotalMinutes)] };
        }

        await codes.VerifyAsync(newPhone, new CodeScope(CodePurpose.Change, user.Id), newCode, caller, cancellationToken);
        // Only the new phone's holder gets here, so saying that it is taken leaks nothing.
        if (await users.FindByPhoneAsync(newPhone.E164, cancellationToken) is { } owner && owner.Id != user.Id)
            throw new PhoneAuthException(AuthError.PhoneNumberTaken);
        if (ticketHash is not null && !await tickets.ConsumeAsync(ticketHash, now, cancellationToken)) throw new PhoneAuthException(AuthError.TicketInvalid);

        var changed = await userService.UpdateVerifiedAsync(user.Id, new VerifiedChange(u => u with { Phone = newPhone.E164, PhoneVerified = true },
            user.Phone is null ? SessionRevocation.None : SessionRevocation.OtherSessions, "the phone number changed"), caller, cancellationToken);
        logger.LogInformation(LogEvents.PhoneChanged, "User {UserId} moved from {OldPhone} to {NewPhone} ({Proof})",
            user.Id, user.Phone is null ? "none" : PhoneMask.Mask(user.Phone), PhoneMask.Mask(newPhone.E164), ticketHash is null ? "recent login" : "ticket");
        if (user.Phone is { } old && old != newPhone.E164)
        {
            await codeStore.InvalidateAsync(old, now, CancellationToken.None);
            // The old number's holder is told, in the caller's language, with the new number's last digits only.
            if (user.PhoneVerified)
                await dispatcher.NotifyAsync(new SmsMessage(phones.Stored(old), newPhone.E164[^4..], SmsNotices.PhoneChanged, caller.Locale, TimeSpan.Zero));
        }
        return changed;
    }

    /// <summary>Whether the caller is this user on a session whose login is within the recent-login window.</summary>
    private bool IsRecentLogin(RequestContext caller, UserRecord user, DateTimeOffset now) =>
        caller.Session is { } session && session.User.Id == user.Id && now - session.Session.AuthenticatedAt <= options.Value.RecentLoginWindow;

    /// <summary>
    /// Confirms the account's own phone with a verify code sent to it (LeanCloud's verifyMobilePhone):
    /// the phone becomes verified, so that it may log in and reset the password.
    /// </summary>
    public async Task<UserRecord> ConfirmPhoneAsync(string code, RequestContext caller, string? userId, CancellationToken cancellationToken)
    {
        var user = await accounts.ResolveAsync(caller, userId, cancellationToken);
        var phone = accounts.CurrentPhone(user);
        await codes.VerifyAsync(phone, new CodeScope(CodePurpose.Verify, user.Id), code, caller, cancellationToken);
        var confirmed = await userService.UpdateVerifiedAsync(user.Id,
            new VerifiedChange(u => u.Phone == phone.E164 ? u with { PhoneVerified = true } : u, SessionRevocation.None, "phone verified"), caller, cancellationToken);
        logger.LogInformation(LogEvents.PhoneConfirmed, "Phone {Phone} of user {UserId} verified", PhoneMask.Mask(phone.E164), user.Id);
        return confirmed;
    }

    /// <summary>resetPasswordBySmsCode: a reset code proves the phone; the new password ends every session.</summary>
    public async Task ResetPasswordAsync(string? phoneNumber, string code, string password, RequestContext caller, CancellationToken cancellationToken)
    {
        if (password.Length == 0) throw new PhoneAuthException(AuthError.PasswordMissing);
        var phone = phones.Parse(phoneNumber);
        await codes.VerifyAsync(phone, new CodeScope(CodePurpose.ResetPassword), code, caller, cancellationToken);
        var user = await users.FindByPhoneAsync(phone.E164, cancellationToken) ?? throw new PhoneAuthException(AuthError.PhoneNumberNotFound);
        // An unverified number may have been typed in by someone else: it does not reset the password.
        if (!user.PhoneVerified) throw new PhoneAuthException(AuthError.PhoneNotVerified);
        var hash = hasher.Hash(password);
        await userService.UpdateVerifiedAsync(user.Id,
            new VerifiedChange(u => u with { PasswordHash = hash }, SessionRevocation.AllSessions, "the password was reset by SMS", PasswordChanged: true), caller, cancellationToken);
        logger.LogInformation(LogEvents.PasswordReset, "Password of user {UserId} reset by SMS", user.Id);
    }
}
