using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.Server.Storage;

/// <summary>
/// Deletes expired codes and sessions, old rate-limit events, old conversion counts and old user-change
/// announcements: a recurring job of the jobs' scheduler (every Storage:SweepInterval, as cron), run by one
/// process at each tick.
/// </summary>
public sealed class StorageSweeper(
    IVerificationCodeStore codes,
    ISessionStore sessions,
    IRateLimitStore limits,
    IIdempotencyStore idempotency,
    ITicketStore tickets,
    ISmsLogStore smsLog,
    IConversionStore conversions,
    Sql.SqlUserChangeFeed userChanges,
    TimeProvider time,
    IOptions<StorageOptions> options,
    IOptions<LimitsOptions> limitOptions,
    ILogger<StorageSweeper> logger)
{
    /// <summary>One pass. Failures are logged and retried at the next tick: a sweep is never urgent.</summary>
    public async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            var deletedCodes = await codes.DeleteExpiredAsync(now, cancellationToken);
            var deletedSessions = await sessions.DeleteExpiredAsync(now, cancellationToken);
            var deletedEvents = await limits.DeleteOlderThanAsync(now - options.Value.RateLimitRetention, cancellationToken);
            deletedEvents += await idempotency.DeleteExpiredAsync(now, cancellationToken);
            deletedCodes += await tickets.DeleteExpiredAsync(now, cancellationToken);
            deletedEvents += await smsLog.DeleteOlderThanAsync(now - options.Value.SmsLogRetention, cancellationToken);
            // The conversion guard reads the window and the baseline before it.
            var guard = limitOptions.Value.ConversionGuard;
            deletedEvents += await conversions.DeleteOlderThanAsync(now - guard.Baseline - 2 * guard.Window, cancellationToken);
            // Every process reads announcements within a second; an hour is a wide margin.
            deletedEvents += await userChanges.DeleteOlderThanAsync(now - TimeSpan.FromHours(1), cancellationToken);
            if (deletedCodes + deletedSessions + deletedEvents > 0)
                logger.LogDebug("Swept {Codes} codes and tickets, {Sessions} sessions, {Events} rate-limit and idempotency records", deletedCodes, deletedSessions, deletedEvents);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(LogEvents.SweepFailed, ex, "Sweep failed; retrying at the next interval");
        }
    }
}
