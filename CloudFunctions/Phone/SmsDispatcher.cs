using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Telemetry;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Sends one message through the provider chain and writes every attempt to the send log, without
/// the code. Codes and notices both go out here. A send is never cancelled by the client hanging up:
/// once a provider may have sent an SMS, it must be in the log, so each attempt runs to its answer or
/// its provider's timeout.
/// </summary>
public sealed class SmsDispatcher(
    SmsProviders providers,
    ISmsLogStore sendLog,
    PhoneAuthMetrics metrics,
    TimeProvider time,
    IOptions<PhoneAuthOptions> options,
    ILogger<SmsDispatcher> logger)
{
    /// <summary>
    /// Tries the providers in order. A provider that failed or timed out hands over to the next; a rate
    /// limit or an invalid number ends the attempt (another provider would not change the answer).
    /// Throws the client's error when none sent it. With <paramref name="logWith"/>, the successful attempt's
    /// log entry is added to that batch (to be written with the code it sent) rather than written at once;
    /// failed attempts are always written at once.
    /// </summary>
    public async Task<SmsSent> SendAsync(SmsMessage message, IWriteBatch? logWith = null)
    {
        SmsSendException? last = null;
        foreach (var sender in providers.Chain)
        {
            if (last is not null) metrics.SmsFailover(last.Provider);
            using var activity = PhoneAuthActivities.Source.StartActivity("phoneauth.sms.send", System.Diagnostics.ActivityKind.Client)
                ?.SetTag("phoneauth.sms.provider", sender.Name).SetTag("phoneauth.code.purpose", message.Purpose).SetTag("phoneauth.country", message.Phone.CountryCode);
            var started = time.GetTimestamp();
            try
            {
                var delivery = await sender.SendAsync(message, CancellationToken.None);
                var elapsed = time.GetElapsedTime(started);
                metrics.SmsAttempt(sender.Name, "sent", elapsed);
                activity?.SetTag("phoneauth.outcome", "sent");
                var entry = Entry(message, sender.Name, delivery.MessageId, null, elapsed);
                if (logWith is null) await sendLog.AddAsync(entry, CancellationToken.None);
                else sendLog.Add(logWith, entry);
                logger.LogInformation(LogEvents.CodeSent, "SMS sent to {Phone} ({Purpose}) by {Provider}, message {MessageId}, {ElapsedMs:F0} ms",
                    PhoneMask.Mask(message.To), message.Purpose, sender.Name, delivery.MessageId, elapsed.TotalMilliseconds);
                return new SmsSent(sender, delivery, entry);
            }
            catch (SmsSendException ex)
            {
                last = ex;
                var elapsed = time.GetElapsedTime(started);
                var outcome = Outcome(ex);
                metrics.SmsAttempt(sender.Name, outcome, elapsed);
                activity.Fail(outcome);
                await sendLog.AddAsync(Entry(message, sender.Name, null, ex.ProviderCode ?? "error", elapsed), CancellationToken.None);
                logger.LogWarning(LogEvents.CodeSendFailed, "{Provider} failed to send to {Phone} ({Purpose}): {ProviderCode} {Detail}",
                    ex.Provider, PhoneMask.Mask(message.To), message.Purpose, ex.ProviderCode, ex.Message);
                if (ex.Kind != SmsFailureKind.Failed) break;
            }
        }
        var error = last!.Kind switch
        {
            SmsFailureKind.RateLimited => AuthError.SendTooFrequent,
            SmsFailureKind.InvalidNumber => AuthError.InvalidPhoneNumber,
            _ => AuthError.SmsProviderFailed,
        };
        var wait = options.Value.ResendInterval;
        throw new PhoneAuthException(error, $"{last.Provider}: {last.ProviderCode}", last)
        {
            Reason = "provider-" + Outcome(last),
            RetryAfter = error == AuthError.SendTooFrequent ? wait : null,
            Args = [(int)wait.TotalSeconds],
        };
    }

    /// <summary>
    /// Sends a notice (no code) on a best-effort basis: the change it reports is already made, so a
    /// failure is logged (and in the send log), never answered to the client.
    /// </summary>
    public async Task NotifyAsync(SmsMessage notice)
    {
        try
        {
            await SendAsync(notice);
        }
        catch (PhoneAuthException ex)
        {
            logger.LogWarning(LogEvents.NoticeNotSent, "The {Purpose} notice to {Phone} was not sent: {Detail}", notice.Purpose, PhoneMask.Mask(notice.To), ex.Message);
        }
    }

    /// <summary>The outcome of a failed attempt, for metrics and spans: timeout, rate_limited, invalid_number or failed.</summary>
    private static string Outcome(SmsSendException ex) => ex.Kind switch
    {
        SmsFailureKind.RateLimited => "rate_limited",
        SmsFailureKind.InvalidNumber => "invalid_number",
        _ => ex.ProviderCode == "timeout" ? "timeout" : "failed",
    };

    /// <summary>
    /// Writes a successful attempt's entry by itself: when the batch it was added to could not be written, the
    /// SMS is out all the same and must be in the log. Best effort: a failure is logged, and so is an entry
    /// that is there already (a commit that succeeded but whose answer was lost).
    /// </summary>
    public async Task LogAloneAsync(SmsLogEntry entry)
    {
        try
        {
            await sendLog.AddAsync(entry, CancellationToken.None);
        }
        catch (Exception ex) when (ex is StorageException or System.Data.Common.DbException)
        {
            logger.LogWarning(LogEvents.CodeSendFailed, "The send log missed an SMS to {Phone} by {Provider}: {Reason}",
                PhoneMask.Mask(entry.Phone), entry.Provider, ex.Message);
        }
    }

    private SmsLogEntry Entry(SmsMessage message, string provider, string? messageId, string? errorCode, TimeSpan elapsed) => new()
    {
        Id = ObjectIds.New(),
        At = time.GetUtcNow(),
        Provider = provider,
        MessageId = messageId,
        Phone = message.To,
        Purpose = message.Purpose,
        Status = errorCode is null ? "sent" : "failed",
        ErrorCode = errorCode,
        LatencyMs = (int)Math.Round(elapsed.TotalMilliseconds),
    };
}

/// <summary>A message one provider accepted: who sent it, its answer, and the send log's entry for it.</summary>
public sealed record SmsSent(ISmsSender Sender, SmsDelivery Delivery, SmsLogEntry Logged);
