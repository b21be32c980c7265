using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Telemetry;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Sends codes under the send limits, through the provider chain, and verifies and consumes them
/// under the attempt limit. All state is in the database, so it survives restarts and holds across
/// server processes.
/// </summary>
public sealed class SmsCodeService(
    IVerificationCodeStore codes,
    IWriteBatches writes,
    CodeLimits limits,
    SmsProviders providers,
    SmsDispatcher dispatcher,
    VerificationCodes hasher,
    TestNumbers testNumbers,
    PhoneParser phones,
    ConversionGuard guard,
    PhoneAuthMetrics metrics,
    TimeProvider time,
    IOptions<PhoneAuthOptions> options,
    ILogger<SmsCodeService> logger)
{
    private PhoneAuthOptions Options => options.Value;

    /// <summary>
    /// Sends a new code for <paramref name="scope"/> to <paramref name="phone"/>. The answer does not
    /// depend on whether an account has this phone. A code for an account operation is also bound to
    /// the account (the scope's user): one user's bind code cannot bind another user.
    /// </summary>
    public async Task<CodeRequested> RequestAsync(PhoneNumber phone, CodeScope scope, RequestContext caller, ChallengeAnswer challenge,
        CancellationToken cancellationToken)
    {
        using var activity = PhoneAuthActivities.StartCode("phoneauth.code.request", scope.Purpose, phone.CountryCode);
        metrics.CodeRequested(scope.Purpose, phone.CountryCode);
        try
        {
            return await SendCodeAsync(phone, scope, caller, challenge, cancellationToken);
        }
        catch (PhoneAuthException ex)
        {
            var reason = ex.Reason ?? ex.Error.ToString();
            metrics.CodeRefused(scope.Purpose, phone.CountryCode, reason);
            activity.Fail(reason);
            throw;
        }
    }

    private async Task<CodeRequested> SendCodeAsync(PhoneNumber phone, CodeScope scope, RequestContext caller, ChallengeAnswer challenge,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var fixedCode = testNumbers.FixedCodeFor(phone, now);
        // Test numbers are exempt from the country and number-type rules and from the conversion guard
        // only: they never cost an SMS.
        if (fixedCode is null)
        {
            limits.CheckDestination(phone);
            // Before the budgets: a send the guard refuses must not use up the country's or the global budget.
            challenge = await guard.CheckAsync(phone, caller, challenge, cancellationToken);
        }
        // Test numbers get their fixed code and no SMS, but only after the limits, like any number.
        await limits.AcquireSendAsync(phone, caller, challenge, cancellationToken);
        var code = fixedCode ?? VerificationCodes.Generate(Options.CodeLength);
        string? verifier = null;
        // The send's log entry, the code and the guard's count are written together: one commit per send.
        var batch = writes.Begin();
        SmsSent? sent = null;
        if (fixedCode is null)
        {
            sent = await dispatcher.SendAsync(new SmsMessage(phone, code, scope.Purpose, caller.Locale, Options.CodeLifetime), logWith: batch);
            if (sent.Delivery.ProviderOwnsCode) verifier = sent.Sender.Name;
            metrics.CodeSent(scope.Purpose, phone.CountryCode);
        }
        // Stored after a successful send: a code no provider delivered is never live. Stored even if the
        // client has hung up by now: the user holds the SMS, and the code must work.
        codes.Add(batch, new VerificationCodeRecord
        {
            Phone = phone.E164,
            Purpose = scope.Key,
            CodeHash = verifier is null ? hasher.Hash(scope.Key, phone.E164, code) : "",
            Verifier = verifier,
            RequestedBy = RequesterTag(caller),
            CreatedAt = now,
            ExpiresAt = now + Options.CodeLifetime,
        });
        if (fixedCode is null) guard.CountSent(batch, phone, now);
        try
        {
            await batch.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (sent is not null && ex is StorageException or System.Data.Common.DbException)
        {
            // The SMS is out: it must be in the send log even though its code could not be kept.
            await dispatcher.LogAloneAsync(sent.Logged);
            throw;
        }
        return new CodeRequested(Options.ResendInterval, Options.CodeLifetime);
    }

    /// <summary>
    /// Checks <paramref name="code"/> against the live code of this phone and purpose and consumes it.
    /// Throws CodeInvalidOrExpired for a wrong, expired, used or dead code alike. With <c>alongWith</c>, the
    /// guard's count of a verified code waits there to be written with the caller's own writes (a sign-in's
    /// session), and the caller must commit it whatever happens next; without it, the count is written here.
    /// </summary>
    public async Task VerifyAsync(PhoneNumber phone, CodeScope scope, string code, RequestContext caller, CancellationToken cancellationToken,
        IWriteBatch? alongWith = null)
    {
        using var activity = PhoneAuthActivities.StartCode("phoneauth.code.verify", scope.Purpose, phone.CountryCode);
        code = VerificationCodes.Canonical(code);
        try
        {
            await limits.CheckVerifyAsync(phone, caller, cancellationToken);
        }
        catch (PhoneAuthException)
        {
            Failed("locked");
            throw;
        }
        var now = time.GetUtcNow();
        // The attempt is counted before the comparison, so concurrent guesses cannot exceed the limit; a
        // stranger to the code (not its requester) has fewer attempts, so that guessing cannot kill it. A
        // code checked here (by its keyed hash) is compared and consumed in the same statement; one checked
        // by its provider is compared there, and then consumed by one conditional update, which decides
        // which of several concurrent correct submissions wins.
        var claim = new CodeClaim(phone.E164, scope.Key, now, Options.MaxVerifyAttempts, RequesterTag(caller), Options.MaxForeignVerifyAttempts);
        var wellFormed = code.Length == Options.CodeLength && code.All(char.IsAsciiDigit);
        var attempt = await codes.ClaimAndConsumeAsync(claim, wellFormed ? hasher.Hash(scope.Key, phone.E164, code) : null, cancellationToken);
        bool matches;
        try
        {
            matches = attempt is not null && wellFormed
                && (attempt.Consumed || (attempt.Verifier is not null && await VerifyWithProviderAsync(attempt.Verifier, phone, code, cancellationToken)));
        }
        catch (PhoneAuthException)
        {
            Failed("provider");
            throw;
        }
        if (matches && (attempt!.Consumed || await codes.ConsumeAsync(attempt.CodeId, now, cancellationToken)))
        {
            metrics.CodeVerified(scope.Purpose, phone.CountryCode);
            var counts = alongWith ?? writes.Begin();
            if (testNumbers.FixedCodeFor(phone, attempt.CreatedAt) is null) guard.CountVerified(counts, phone, attempt.CreatedAt);
            if (alongWith is null) await CommitCountsAsync(counts);
            return;
        }

        Failed(attempt is null ? "no-live-code" : matches ? "already-used" : "wrong-code");
        logger.LogInformation(LogEvents.CodeVerifyFailed, "Code check failed for {Phone} ({Purpose})", PhoneMask.Mask(phone.E164), scope.Purpose);
        await limits.RecordFailureAsync(phone, caller, compared: attempt is not null, cancellationToken);
        throw new PhoneAuthException(AuthError.CodeInvalidOrExpired);

        void Failed(string reason)
        {
            metrics.CodeFailed(scope.Purpose, phone.CountryCode, reason);
            activity.Fail(reason);
        }
    }

    /// <summary>
    /// The phone this caller's address last asked a live <paramref name="purpose"/> code for, or null.
    /// Serves old clients that check a code without naming its phone (LeanCloud SDKs before 2024):
    /// the phone is found by who asked, and the code is then checked against that phone alone, so a
    /// guess is never tried against every user's code.
    /// </summary>
    public async Task<PhoneNumber?> PhoneRequestedByAsync(string purpose, RequestContext caller, CancellationToken cancellationToken)
    {
        if (RequesterTag(caller) is not { } requester) return null;
        var phone = await codes.FindRequestedPhoneAsync(purpose, requester, time.GetUtcNow(), cancellationToken);
        return phone is null ? null : phones.Stored(phone);
    }

    /// <summary>
    /// Writes what <see cref="VerifyAsync"/> left waiting in a batch (the guard's count of a used code) when the
    /// caller's own writes did not take it along. Best effort: the code is used, and the request must not fail for a count.
    /// </summary>
    public async Task CommitCountsAsync(IWriteBatch counts)
    {
        if (counts.IsEmpty) return;
        try
        {
            await counts.CommitAsync(CancellationToken.None);
        }
        catch (StorageException ex)
        {
            logger.LogWarning(LogEvents.ConversionGuardCountFailed, "Conversion guard could not count a used code: {Reason}", ex.Message);
        }
    }

    private async Task<bool> VerifyWithProviderAsync(string name, PhoneNumber phone, string code, CancellationToken cancellationToken)
    {
        try
        {
            return await providers.Verifier(name).VerifyAsync(phone.E164, code, cancellationToken);
        }
        catch (SmsSendException ex)
        {
            logger.LogWarning(LogEvents.CodeSendFailed, "{Provider} failed to check a code for {Phone}: {ProviderCode} {Detail}",
                ex.Provider, PhoneMask.Mask(phone.E164), ex.ProviderCode, ex.Message);
            throw new PhoneAuthException(AuthError.SmsProviderFailed, $"{ex.Provider}: {ex.ProviderCode}", ex);
        }
    }

    /// <summary>Who asks or tries a code, as codes store it: a keyed hash of the requester, or null without a client address.</summary>
    private string? RequesterTag(RequestContext caller) => caller.Ip is null ? null : hasher.Tag(Requesters.KeyOf(caller.Ip));

}

/// <summary>A code was sent. Both durations are for the client's countdowns.</summary>
public sealed record CodeRequested(TimeSpan ResendAfter, TimeSpan ExpiresIn);
