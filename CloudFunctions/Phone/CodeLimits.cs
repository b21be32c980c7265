using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The limits around codes, all counted in the database. Sending: the country and number-type allow-lists, then per
/// phone and requester (resend interval, daily cap), per phone whoever asks (a daily cap past which a
/// solved challenge is needed), per client IP, per country and a global budget, all or nothing.
/// Checking: a requester with too many wrong codes for a phone is locked out of that phone for a
/// while, and so is an IP with too many wrong codes in all. What one requester does never locks
/// another out: a stranger who never sees the SMS cannot keep a number's owner away.
/// </summary>
public sealed class CodeLimits(
    IRateLimitStore limits,
    ChallengeGate challenge,
    TimeProvider time,
    IOptions<PhoneAuthOptions> phoneOptions,
    IOptions<LimitsOptions> options,
    ILogger<CodeLimits> logger)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromHours(24);

    private LimitsOptions Limits => options.Value;

    /// <summary>
    /// Refuses a number whose country, or whose type, may not receive codes (127), before anything is
    /// counted or sent. The type closes what a country allow-list leaves open: the premium-rate and
    /// VoIP ranges of an allowed country, which bill the sender and pay the pumper.
    /// </summary>
    public void CheckDestination(PhoneNumber phone)
    {
        var (refusal, reason) = !Limits.Allows(phone.CountryCode) ? ($"country +{phone.CountryCode} is not in Limits:AllowedCountryCodes", "country")
            : !Limits.Allows(phone.Type) ? ($"{phone.Type} numbers are not in Limits:AllowedNumberTypes", "number-type")
            : (null, null);
        if (refusal is null) return;
        logger.LogInformation(LogEvents.CodeSendLimited, "Code for {Phone} refused: {Reason}", PhoneMask.Mask(phone.E164), refusal);
        throw new PhoneAuthException(AuthError.InvalidPhoneNumber, refusal) { Reason = reason };
    }

    /// <summary>
    /// Counts one send against every send limit, or refuses it (601 with the time until retry) and counts
    /// nothing. Nothing is sent to a phone whose code checks this requester may not make (603): such a
    /// code could not be used. Past the phone's daily cap, a solved challenge lets the send through.
    /// </summary>
    public async Task AcquireSendAsync(PhoneNumber phone, RequestContext caller, ChallengeAnswer challengeAnswer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Checked first and in the same decision: a requester locked out of the phone's codes is refused before any budget is used.
        var locked = PhoneLock(phone, caller) with { CheckOnly = true };
        var own = "send:phone:" + phone.E164 + "|" + Requesters.KeyOf(caller.Ip);
        var perRequester = new List<RateLimitRule>
        {
            new(own, 1, phoneOptions.Value.ResendInterval, "resend-interval"),
            new(own, phoneOptions.Value.DailyLimitPerRequester, Day, "daily-per-requester"),
        };
        var numberCap = new RateLimitRule("send:number:" + phone.E164, phoneOptions.Value.DailyLimitPerNumber, Day, "daily-per-number");
        var budgets = new List<RateLimitRule>
        {
            new("send:country:" + phone.CountryCode, Limits.SendsPerCountryPerHour, Hour, "country-per-hour"),
            new("send:global", Limits.GlobalSendsPerHour, Hour, "global-per-hour"),
        };
        if (caller.Ip is { } ip) budgets.Add(new("send:ip:" + ip, Limits.SendsPerIpPerHour, Hour, "ip-per-hour"));

        var decision = await limits.TryAcquireAsync([locked, .. perRequester, numberCap, .. budgets], now, cancellationToken);
        if (!decision.Allowed && decision.Blocked == numberCap && await challenge.PassesPastCapAsync(challengeAnswer, caller, cancellationToken))
        {
            logger.LogInformation(LogEvents.CodeSendLimited, "Code for {Phone} past its daily cap, through a solved challenge", PhoneMask.Mask(phone.E164));
            decision = await limits.TryAcquireAsync([locked, .. perRequester, .. budgets], now, cancellationToken);
        }
        if (decision.Allowed) return;
        if (decision.Blocked == locked) throw Refusal(AuthError.PhoneVerificationLocked, decision.RetryAfter, "phone-lock");
        logger.LogInformation(LogEvents.CodeSendLimited, "Code for {Phone} refused by limit {Rule}", PhoneMask.Mask(phone.E164), decision.Blocked!.Name);
        var error = decision.Blocked.Name == "resend-interval" ? AuthError.SendTooFrequent : AuthError.SendLimitReached;
        throw Refusal(error, decision.RetryAfter, decision.Blocked.Name);
    }

    /// <summary>Refuses a check (603, with the time until retry) while this requester is locked out of the phone, or the client IP is.</summary>
    public async Task CheckVerifyAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        var rules = new List<RateLimitRule> { PhoneLock(phone, caller) };
        if (caller.Ip is { } ip) rules.Add(IpFailures(ip));
        var decision = await limits.CheckAsync(rules, time.GetUtcNow(), cancellationToken);
        if (decision.Allowed) return;
        logger.LogInformation(LogEvents.CodeVerifyFailed, "Code check for {Phone} refused by limit {Rule}", PhoneMask.Mask(phone.E164), decision.Blocked!.Name);
        throw Refusal(AuthError.PhoneVerificationLocked, decision.RetryAfter, decision.Blocked.Name);
    }

    /// <summary>
    /// Counts a wrong code against the IP and, when it was compared with a live code, against this
    /// requester's checks of the phone; enough of those lock this requester out of the phone. A guess
    /// with no live code to compare proves nothing about the phone and counts only against the IP.
    /// </summary>
    public async Task RecordFailureAsync(PhoneNumber phone, RequestContext caller, bool compared, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var rules = new List<RateLimitRule>();
        if (caller.Ip is { } ip) rules.Add(IpFailures(ip));
        var phoneFailures = new RateLimitRule("verify:fail:phone:" + phone.E164 + "|" + Requesters.KeyOf(caller.Ip),
            Limits.VerifyFailuresPerPhone, Limits.VerifyFailureWindow, "phone-failures");
        if (compared) rules.Add(phoneFailures);
        if (rules.Count > 0) await limits.RecordAsync(rules, now, cancellationToken);
        if (!compared || (await limits.CheckAsync([phoneFailures], now, cancellationToken)).Allowed) return;
        await limits.RecordAsync([PhoneLock(phone, caller)], now, cancellationToken);
        logger.LogWarning(LogEvents.PhoneLocked, "Code checks for {Phone} from one requester locked for {Duration} after {Count} wrong codes",
            PhoneMask.Mask(phone.E164), Limits.PhoneLockDuration, Limits.VerifyFailuresPerPhone);
    }

    /// <summary>The requesters locked out of checking codes for <paramref name="phone"/>, and until when (for operators; master key only).</summary>
    public async Task<IReadOnlyList<PhoneLockStatus>> LocksOfAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyRequired);
        var prefix = PhoneLockPrefix(phone);
        var keys = await limits.ListExactAsync(prefix, time.GetUtcNow() - Limits.PhoneLockDuration, 100, cancellationToken);
        return [.. keys.Select(k => new PhoneLockStatus(k.Key[prefix.Length..], k.Newest + Limits.PhoneLockDuration))];
    }

    /// <summary>
    /// An operator's clear: every requester's lock on <paramref name="phone"/> and the wrong codes counted toward
    /// one end at once, on every process (the counts are in the database). The per-IP failure counts stay.
    /// </summary>
    public async Task<int> ClearLocksAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyRequired);
        var cleared = await limits.DeleteExactAsync(PhoneLockPrefix(phone), cancellationToken)
            + await limits.DeleteExactAsync("verify:fail:phone:" + phone.E164 + "|", cancellationToken);
        logger.LogWarning(LogEvents.PhoneLocksCleared, "Code-check locks of {Phone} cleared by an operator", PhoneMask.Mask(phone.E164));
        return cleared;
    }

    private static string PhoneLockPrefix(PhoneNumber phone) => "verify:lock:" + phone.E164 + "|";

    private RateLimitRule PhoneLock(PhoneNumber phone, RequestContext caller) =>
        new(PhoneLockPrefix(phone) + Requesters.KeyOf(caller.Ip), 1, Limits.PhoneLockDuration, "phone-lock");

    private RateLimitRule IpFailures(string ip) => new("verify:fail:ip:" + ip, Limits.VerifyFailuresPerIpPerHour, Hour, "ip-failures");

    private static PhoneAuthException Refusal(AuthError error, TimeSpan retryAfter, string reason) =>
        new(error) { RetryAfter = retryAfter, Args = [(int)Math.Ceiling(retryAfter.TotalSeconds)], Reason = reason };
}

/// <summary>One requester locked out of checking a phone's codes.</summary>
/// <param name="Requester">Who: the requester's key (its IP, or "unknown").</param>
/// <param name="Until">When the lock ends.</param>
public sealed record PhoneLockStatus(string Requester, DateTimeOffset Until);
