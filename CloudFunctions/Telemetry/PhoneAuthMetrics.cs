using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PhoneAuth.CloudFunctions.Telemetry;

/// <summary>
/// The server's own instruments, on the meter <see cref="MeterName"/>, read by the host's OpenTelemetry
/// (or by dotnet-counters). Attributes are low-cardinality and never secret: a purpose, a country calling
/// code, a provider, a reason. Never a number, a prefix, a code, a token or a key.
/// </summary>
public sealed class PhoneAuthMetrics
{
    public const string MeterName = "PhoneAuth";

    private readonly Counter<long> _codesRequested;
    private readonly Counter<long> _codesSent;
    private readonly Counter<long> _codesRefused;
    private readonly Counter<long> _codesVerified;
    private readonly Counter<long> _codesFailed;
    private readonly Counter<long> _smsAttempts;
    private readonly Histogram<double> _smsDuration;
    private readonly Counter<long> _smsFailovers;
    private readonly Counter<long> _sessionCacheLookups;
    private readonly Counter<long> _sessionCacheInvalidations;
    private readonly Counter<long> _storageErrors;
    private readonly Counter<long> _guardDecisions;

    /// <summary>From the host's meter factory; without one (a tool using the core alone), a meter of its own.</summary>
    public PhoneAuthMetrics(IMeterFactory? meterFactory = null)
    {
        var meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _codesRequested = meter.CreateCounter<long>("phoneauth.codes.requested", "{code}", "Codes asked for, by purpose and country.");
        _codesSent = meter.CreateCounter<long>("phoneauth.codes.sent", "{code}", "Codes sent by SMS, by purpose and country (test numbers send none).");
        _codesRefused = meter.CreateCounter<long>("phoneauth.codes.refused", "{code}", "Code requests refused, by purpose, country and reason.");
        _codesVerified = meter.CreateCounter<long>("phoneauth.codes.verified", "{code}", "Codes verified and used, by purpose and country.");
        _codesFailed = meter.CreateCounter<long>("phoneauth.codes.failed", "{code}", "Code checks that failed, by purpose, country and reason.");
        _smsAttempts = meter.CreateCounter<long>("phoneauth.sms.attempts", "{message}", "Messages handed to a provider, by provider and outcome (sent, failed, timeout, rate_limited, invalid_number).");
        _smsDuration = meter.CreateHistogram<double>("phoneauth.sms.duration", "s", "How long a provider took to answer, by provider and outcome.");
        _smsFailovers = meter.CreateCounter<long>("phoneauth.sms.failovers", "{message}", "Messages handed to the next provider after a failure, by the provider that failed.");
        _sessionCacheLookups = meter.CreateCounter<long>("phoneauth.session_cache.lookups", "{lookup}", "Session tokens looked up in the process's cache, by result (hit, miss).");
        _sessionCacheInvalidations = meter.CreateCounter<long>("phoneauth.session_cache.invalidations", "{change}", "Changes that dropped cached sessions, by scope (user, all).");
        _storageErrors = meter.CreateCounter<long>("phoneauth.db.errors", "{error}", "Database errors, by engine and whether they were transient (an outage).");
        _guardDecisions = meter.CreateCounter<long>("phoneauth.sms_guard.decisions", "{decision}",
            "Sends to a guarded prefix, by country and decision (challenge_passed, challenge_required, refused), and operators' clears (cleared).");
    }

    public void CodeRequested(string purpose, string country) => _codesRequested.Add(1, Purpose(purpose), Country(country));

    public void CodeSent(string purpose, string country) => _codesSent.Add(1, Purpose(purpose), Country(country));

    public void CodeRefused(string purpose, string country, string reason) => _codesRefused.Add(1, Purpose(purpose), Country(country), Reason(reason));

    public void CodeVerified(string purpose, string country) => _codesVerified.Add(1, Purpose(purpose), Country(country));

    public void CodeFailed(string purpose, string country, string reason) => _codesFailed.Add(1, Purpose(purpose), Country(country), Reason(reason));

    public void SmsAttempt(string provider, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "phoneauth.sms.provider", provider }, { "phoneauth.outcome", outcome } };
        _smsAttempts.Add(1, tags);
        _smsDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void SmsFailover(string fromProvider) => _smsFailovers.Add(1, new KeyValuePair<string, object?>("phoneauth.sms.provider", fromProvider));

    public void SessionCacheLookup(bool hit) => _sessionCacheLookups.Add(1, new KeyValuePair<string, object?>("phoneauth.result", hit ? "hit" : "miss"));

    public void SessionCacheInvalidated(bool all) => _sessionCacheInvalidations.Add(1, new KeyValuePair<string, object?>("phoneauth.scope", all ? "all" : "user"));

    public void StorageError(string engine, bool transient) =>
        _storageErrors.Add(1, new KeyValuePair<string, object?>("db.system", engine), new KeyValuePair<string, object?>("phoneauth.transient", transient));

    public void GuardDecision(string country, string decision) => _guardDecisions.Add(1, Country(country), new KeyValuePair<string, object?>("phoneauth.decision", decision));

    private static KeyValuePair<string, object?> Purpose(string purpose) => new("phoneauth.code.purpose", purpose);

    private static KeyValuePair<string, object?> Country(string country) => new("phoneauth.country", country);

    private static KeyValuePair<string, object?> Reason(string reason) => new("phoneauth.reason", reason);
}
