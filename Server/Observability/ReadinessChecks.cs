using Microsoft.Extensions.Diagnostics.HealthChecks;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Server.Observability;

/// <summary>Ready only while the database answers a trivial query within a few seconds.</summary>
internal sealed class DatabaseHealthCheck(SqlDatabase db) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await db.RunAsync(async connection => await connection.Command("SELECT 1").ExecuteScalarAsync(timeout.Token), timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The reason goes to the log (SqlDatabase writes it), not to the answer, which anyone may read.
            return HealthCheckResult.Unhealthy();
        }
    }
}

/// <summary>
/// Whether this process hears every process's user changes (the session cache's channel). Without it the
/// process still answers correctly, reading every session from the database: degraded, not unready.
/// </summary>
internal sealed class UserChangesHealthCheck(IUserChangeFeed feed) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(feed.IsLive ? HealthCheckResult.Healthy() : HealthCheckResult.Degraded());
}
