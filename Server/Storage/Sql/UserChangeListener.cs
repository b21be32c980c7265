using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Hears the user changes announced by every process and raises them on <see cref="SqlUserChangeFeed"/>.
/// While it cannot (the database is down), the feed is not live, so caches serve nothing; it
/// reconnects every second.
/// </summary>
internal sealed class UserChangeListener(SqlDatabase db, SqlUserChangeFeed feed, ILogger<UserChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await db.Flavor.ListenForUserChangesAsync(feed.Raise, () =>
                {
                    feed.SetLive(true);
                    if (failing) logger.LogInformation(LogEvents.StorageUnavailable, "Listening for user changes again");
                    failing = false;
                }, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                feed.SetLive(false);
                if (!failing) logger.LogWarning(LogEvents.StorageUnavailable, "Not hearing user changes ({Reason}); sessions are read from {Engine} until it returns",
                    ex.Message, db.Flavor.Name);
                failing = true;
            }
            try
            {
                await Task.Delay(RetryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
