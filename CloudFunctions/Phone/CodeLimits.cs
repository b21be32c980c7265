using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The limits around codes, all counted in the database. Sending: the country allow-list, then per
/// phone (resend interval, daily cap), per client IP, per country and a global budget, all or
/// nothing. Checking: a phone with too many wrong codes is locked for a while, and so is an IP.
/// </summary>
public sealed class CodeLimits(
    IRateLimitStore limits,
    TimeProvider time,
    IOptions<PhoneAuthOptions> phoneOptions,
    IOptions<LimitsOptions> options,
    ILogger<CodeLimits> logger)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private LimitsOptions Limits => options.Value;

    /// <summary>Refuses a number whose country may not receive codes (127), before anything is counted or sent.</summary>
    public void CheckCountry(PhoneNumber phone)
    {
        if (!Limits.Allows(phone.CountryCode))
            throw new PhoneAuthException(AuthError.InvalidPhoneNumber, $"Country +{phone.CountryCode} is not in Limits:AllowedCountryCodes.");
    }

    /// <summary>Counts one send against every send limit, or refuses it (601 with the time until retry) and counts nothing.</summary>
    public async Task AcquireSendAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        var phoneKey = "send:phone:" + phone.E164;
        var rules = new List<RateLimitRule>
        {
            new(phoneKey, 1, phoneOptions.Value.ResendInterval, "resend-interval"),
            new(phoneKey, phoneOptions.Value.DailyLimitPerNumber, TimeSpan.FromHours(24), "daily-per-number"),
            new("send:country:" + phone.CountryCode, Limits.SendsPerCountryPerHour, Hour, "country-per-hour"),
            new("send:global", Limits.GlobalSendsPerHour, Hour, "global-per-hour"),
        };
        if (caller.Ip is { } ip) rules.Add(new("send:ip:" + ip, Limits.SendsPerIpPerHour, Hour, "ip-per-hour"));

        var decision = await limits.TryAcquireAsync(rules, time.GetUtcNow(), cancellationToken);
        if (decision.Allowed) return;
        logger.LogInformation(LogEvents.CodeSendLimited, "Code for {Phone} refused by limit {Rule}", PhoneMask.Mask(phone.E164), decision.Blocked!.Name);
        var error = decision.Blocked.Name == "resend-interval" ? AuthError.SendTooFrequent : AuthError.SendLimitReached;
        throw Refusal(error, decision.RetryAfter);
    }

    /// <summary>Refuses a check (603, with the time until retry) while the phone or the client IP is locked.</summary>
    public async Task CheckVerifyAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        var rules = new List<RateLimitRule> { PhoneLock(phone) };
        if (caller.Ip is { } ip) rules.Add(IpFailures(ip));
        var decision = await limits.CheckAsync(rules, time.GetUtcNow(), cancellationToken);
        if (decision.Allowed) return;
        logger.LogInformation(LogEvents.CodeVerifyFailed, "Code check for {Phone} refused by limit {Rule}", PhoneMask.Mask(phone.E164), decision.Blocked!.Name);
        throw Refusal(AuthError.PhoneVerificationLocked, decision.RetryAfter);
    }

    /// <summary>Counts a wrong code against the phone and the IP; enough of them lock the phone.</summary>
    public async Task RecordFailureAsync(PhoneNumber phone, RequestContext caller, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var phoneFailures = new RateLimitRule("verify:fail:phone:" + phone.E164, Limits.VerifyFailuresPerPhone, Limits.VerifyFailureWindow, "phone-failures");
        await limits.RecordAsync(caller.Ip is { } ip ? [phoneFailures, IpFailures(ip)] : [phoneFailures], now, cancellationToken);
        var failures = await limits.CheckAsync([phoneFailures], now, cancellationToken);
        if (failures.Allowed) return;
        await limits.RecordAsync([PhoneLock(phone)], now, cancellationToken);
        logger.LogWarning(LogEvents.PhoneLocked, "Code checks for {Phone} locked for {Duration} after {Count} wrong codes",
            PhoneMask.Mask(phone.E164), Limits.PhoneLockDuration, Limits.VerifyFailuresPerPhone);
    }

    private RateLimitRule PhoneLock(PhoneNumber phone) => new("verify:lock:" + phone.E164, 1, Limits.PhoneLockDuration, "phone-lock");

    private RateLimitRule IpFailures(string ip) => new("verify:fail:ip:" + ip, Limits.VerifyFailuresPerIpPerHour, Hour, "ip-failures");

    private static PhoneAuthException Refusal(AuthError error, TimeSpan retryAfter) =>
        new(error) { RetryAfter = retryAfter, Args = [(int)Math.Ceiling(retryAfter.TotalSeconds)] };
}
