using System.Text.RegularExpressions;
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
/// The SMS-pumping guard that learns from conversion (see <see cref="ConversionRule"/>). Before a send, it
/// judges the number's prefix from the counts in the database (two reads of a bounded number of rows), so
/// every process decides alike and nothing is kept in memory; after a send and after a code is used, it
/// counts them. A guarded prefix's sends need a solved challenge or are refused; other prefixes of the same
/// country are untouched. Every decision is logged and counted; operators read and clear the state.
/// </summary>
public sealed partial class ConversionGuard(
    IConversionStore store,
    ChallengeGate challenge,
    PhoneAuthMetrics metrics,
    TimeProvider time,
    IOptions<LimitsOptions> options,
    ILogger<ConversionGuard> logger)
{
    /// <summary>The most prefixes <see cref="BusyAsync"/> returns.</summary>
    public const int BusyListLimit = 100;

    private ConversionGuardOptions Options => options.Value.ConversionGuard;

    private ConversionWindows Windows => new(Options.Window, Options.Baseline);

    public bool Enabled => Options.Action != ConversionGuardAction.Off;

    /// <summary>The prefix a number is judged by: <c>+86 1700</c>, or <c>+44</c> where the country is one prefix.</summary>
    public string ScopeOf(PhoneNumber phone)
    {
        var digits = Math.Min(Options.PrefixDigitsFor(phone.CountryCode), phone.National.Length);
        return digits == 0 ? "+" + phone.CountryCode : $"+{phone.CountryCode} {phone.National[..digits]}";
    }

    /// <summary>
    /// Lets a send to an unguarded prefix through. For a guarded one: with Action Challenge, a solved
    /// challenge lets it through (the answer comes back passed, so the token is not checked twice) and no
    /// token is 608; otherwise, or with no verifier registered, it is refused with 601.
    /// </summary>
    public async Task<ChallengeAnswer> CheckAsync(PhoneNumber phone, RequestContext caller, ChallengeAnswer answer, CancellationToken cancellationToken)
    {
        if (!Enabled) return answer;
        var verdict = ConversionRule.Judge(await store.ReadAsync(ScopeOf(phone), time.GetUtcNow(), Windows, cancellationToken), Options, Windows);
        if (!verdict.Guarded) return answer;

        if (Options.Action == ConversionGuardAction.Challenge)
        {
            bool passed;
            try
            {
                passed = await challenge.PassesPastCapAsync(answer, caller, cancellationToken);
            }
            catch (PhoneAuthException ex) when (ex.Error == AuthError.ChallengeFailed)
            {
                Decided(verdict, phone, "challenge_required");
                throw new PhoneAuthException(AuthError.ChallengeFailed, $"prefix {verdict.Scope} is guarded", ex) { Reason = "conversion-guard" };
            }
            if (passed)
            {
                Decided(verdict, phone, "challenge_passed");
                return answer with { Passed = true };
            }
        }
        Decided(verdict, phone, "refused");
        var retryAfter = Windows.FineWidth;
        throw new PhoneAuthException(AuthError.SendLimitReached, $"prefix {verdict.Scope} is guarded")
        {
            RetryAfter = retryAfter, Args = [(int)Math.Ceiling(retryAfter.TotalSeconds)], Reason = "conversion-guard",
        };
    }

    /// <summary>
    /// Counts a code sent by SMS with the other writes of <paramref name="batch"/> (the code itself, its send log
    /// entry), so that a send costs one commit. Written with them or not at all: no longer best effort alone.
    /// </summary>
    public void CountSent(IWriteBatch batch, PhoneNumber phone, DateTimeOffset sentAt)
    {
        if (Enabled) store.CountSent(batch, ScopeOf(phone), sentAt, Windows);
    }

    /// <summary>Counts a code as verified, in the buckets of the time it was sent, with the other writes of <paramref name="batch"/>.</summary>
    public void CountVerified(IWriteBatch batch, PhoneNumber phone, DateTimeOffset sentAt)
    {
        if (Enabled) store.CountVerified(batch, ScopeOf(phone), sentAt, Windows);
    }

    /// <summary>The window's width, and the codes sent and verified in all prefixes per window-wide bucket over the last <paramref name="span"/> (for operators).</summary>
    public async Task<(TimeSpan Width, IReadOnlyList<ConversionBucket> Buckets)> SeriesAsync(TimeSpan span, CancellationToken cancellationToken) =>
        (Options.Window, await store.SeriesAsync(time.GetUtcNow() - span, Windows, cancellationToken));

    /// <summary>How the guard judges <paramref name="prefix"/> now.</summary>
    public async Task<ConversionVerdict> StatusAsync(string prefix, CancellationToken cancellationToken)
    {
        var scope = ParsePrefix(prefix);
        return ConversionRule.Judge(await store.ReadAsync(scope, time.GetUtcNow(), Windows, cancellationToken), Options, Windows);
    }

    /// <summary>The prefixes sent at least MinSends codes in the window (the only ones that can be guarded), busiest first.</summary>
    public async Task<IReadOnlyList<ConversionVerdict>> BusyAsync(CancellationToken cancellationToken) =>
        [.. (await store.ListBusyAsync(time.GetUtcNow(), Windows, Options.MinSends, BusyListLimit, cancellationToken))
            .Select(counts => ConversionRule.Judge(counts, Options, Windows))];

    /// <summary>
    /// An operator's clear: the prefix is judged afresh from the next bucket on (what it was sent before no
    /// longer counts in the window), on every process at once.
    /// </summary>
    public async Task ClearAsync(string prefix, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyRequired);
        var scope = ParsePrefix(prefix);
        await store.ClearAsync(scope, time.GetUtcNow(), cancellationToken);
        metrics.GuardDecision(CountryOf(scope), "cleared");
        logger.LogWarning(LogEvents.ConversionGuardCleared, "Conversion guard of prefix {Prefix} cleared by an operator", scope);
    }

    /// <summary>
    /// A prefix as logs and <see cref="StatusAsync"/> write it: <c>+86 1700</c>, with as many national digits as
    /// configured for the country (none: <c>+44</c>).
    /// </summary>
    public string ParsePrefix(string? prefix)
    {
        var match = PrefixPattern().Match(prefix?.Trim() ?? "");
        var country = match.Groups[1].Value;
        if (!match.Success || !PhoneNumber.IsCountryCode(country) || match.Groups[2].Value.Length != Options.PrefixDigitsFor(country))
            throw new PhoneAuthException(AuthError.InvalidParameterOption) { Args = ["prefix", "a prefix as the log writes it, such as \"+86 1700\""] };
        return match.Groups[2].Length == 0 ? "+" + country : $"+{country} {match.Groups[2].Value}";
    }

    private void Decided(ConversionVerdict verdict, PhoneNumber phone, string decision)
    {
        metrics.GuardDecision(phone.CountryCode, decision);
        // The country, not the prefix: the same request's other lines show the number's last digits, and
        // with them the prefix would give away most of the number. smsGuardStatus names the prefixes.
        logger.Log(decision == "challenge_passed" ? LogLevel.Information : LogLevel.Warning, LogEvents.ConversionGuarded,
            "Code to a guarded prefix of +{Country}: {Decision} ({Sent} sent in the window, {Verified} verified, {Conversion:P0}; usual {Usual:F1} per window)",
            phone.CountryCode, decision, verdict.Sent, verdict.Verified, verdict.Conversion, verdict.Usual);
    }

    private static string CountryOf(string scope) => scope[1..].Split(' ')[0];

    [GeneratedRegex(@"^\+([1-9][0-9]{0,2})(?: ([0-9]{1,15}))?$")]
    private static partial Regex PrefixPattern();
}
