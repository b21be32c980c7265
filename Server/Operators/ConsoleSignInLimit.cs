using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// Wrong master keys per client address, counted in the database like the API's route limits (ParseRateLimits), so
/// that several processes count together: past <see cref="ConsoleOptions.MaxSignInFailures"/> in the window, the
/// address may not try again until the oldest failure leaves it.
/// </summary>
public sealed class ConsoleSignInLimit(IRateLimitStore limits, IOptions<ConsoleOptions> options, TimeProvider time)
{
    /// <summary>How long until <paramref name="ip"/> may try again, or null when it may now.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string? ip, CancellationToken cancellationToken)
    {
        var decision = await limits.CheckAsync([Rule(ip)], time.GetUtcNow(), cancellationToken);
        return decision.Allowed ? null : decision.RetryAfter;
    }

    public Task RecordFailureAsync(string? ip, CancellationToken cancellationToken) =>
        limits.RecordAsync([Rule(ip)], time.GetUtcNow(), cancellationToken);

    private RateLimitRule Rule(string? ip) =>
        new("console:sign-in:fail:" + (ip ?? "unknown"), options.Value.MaxSignInFailures, options.Value.SignInFailureWindow, "console-sign-in");
}
