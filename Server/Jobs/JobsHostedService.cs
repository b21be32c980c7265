using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Storage;

namespace PhoneAuth.Server.Jobs;

/// <summary>
/// Starts this process's Hangfire server (its workers and schedulers) once the schema is migrated and the
/// cloud code registered, and sets the recurring jobs: the configured schedules and the storage sweep.
/// Every process sets the same ones; Hangfire's distributed lock lets one process enqueue each tick.
/// </summary>
internal sealed class JobsHostedService(
    HangfireParts parts,
    IRecurringJobManager recurring,
    CloudFunctionRegistry registry,
    IOptions<JobsOptions> options,
    IOptions<StorageOptions> storage) : IHostedService, IAsyncDisposable
{
    private BackgroundJobServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        SetRecurringJobs();
        var settings = options.Value;
        var serverOptions = new BackgroundJobServerOptions
        {
            WorkerCount = settings.WorkerCount,
            SchedulePollingInterval = settings.PollInterval,
            ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}",
            // A stopping server waits this long for running jobs to see their token, then leaves them to a takeover.
            StopTimeout = TimeSpan.FromSeconds(5),
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        };
        // Hangfire's own filters, activator and storage are process-wide statics; each host passes its own, so
        // that several hosts in one process (the tests) and their settings never mix.
#pragma warning disable CS0618 // the constructor that takes the services is marked for removal in Hangfire 2.0
        _server = new BackgroundJobServer(serverOptions, parts.Storage, [], parts.Filters, parts.Activator, parts.Factory, parts.Performer, parts.StateChanger);
#pragma warning restore CS0618
        return Task.CompletedTask;
    }

    private void SetRecurringJobs()
    {
        var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
        recurring.AddOrUpdate(JobSchedules.SweepId, Job.FromExpression<HangfireJobs>(jobs => jobs.SweepAsync(CancellationToken.None)),
            JobSchedules.CronOf(storage.Value.SweepInterval), utc);

        var schedules = options.Value.Schedules;
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schedules.Count; i++)
        {
            var schedule = schedules[i];
            var index = i;
            if (!registry.TryGetJob(schedule.Job, out _))
                throw new InvalidOperationException($"Jobs:Schedules:{i}:Job names '{schedule.Job}', which no cloud-code module defines.");
            var id = JobSchedules.IdOf(i, schedule);
            try
            {
                recurring.AddOrUpdate(id, Job.FromExpression<HangfireJobs>(jobs => jobs.RunScheduledAsync(schedule.Job, index, null, CancellationToken.None)), schedule.Cron, utc);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidOperationException($"Jobs:Schedules:{i}:Cron '{schedule.Cron}' is not a valid cron expression: {ex.Message}", ex);
            }
            wanted.Add(id);
        }
        // Schedules removed from the configuration stop.
        using var connection = parts.Storage.GetConnection();
        foreach (var old in connection.GetRecurringJobs())
        {
            if (old.Id.StartsWith(JobSchedules.SchedulePrefix, StringComparison.Ordinal) && !wanted.Contains(old.Id)) recurring.RemoveIfExists(old.Id);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is { } server)
        {
            server.SendStop();
            await server.WaitForShutdownAsync(cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _server = null;
        return ValueTask.CompletedTask;
    }
}
