using Hangfire.Server;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Storage;

namespace PhoneAuth.Server.Jobs;

/// <summary>
/// The methods Hangfire calls. Their arguments are ids and indexes only: a run's parameters stay in its
/// _JobStatus, so they never reach Hangfire's tables or its logs.
/// </summary>
public sealed class HangfireJobs(JobRunner runner, JobLauncher launcher, StorageSweeper sweeper, IOptions<JobsOptions> options)
{
    /// <summary>The Hangfire job parameter that ties a scheduled tick to the _JobStatus it made, across retries and takeovers.</summary>
    private const string StatusParameter = "JobStatusId";

    /// <summary>One attempt of the run <paramref name="jobId"/>; a failure with attempts left is thrown for Hangfire to retry.</summary>
    public async Task RunAsync(string jobId, PerformContext? context, CancellationToken cancellationToken)
    {
        var outcome = await runner.RunAsync(jobId, Attempt(context), cancellationToken);
        if (outcome == JobOutcome.WillRetry) throw new JobAttemptFailedException(jobId);
    }

    /// <summary>One tick of the schedule at <paramref name="index"/> in Jobs:Schedules: its run is made once, then run as any other.</summary>
    public async Task RunScheduledAsync(string jobName, int index, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.GetJobParameter<string>(StatusParameter, allowStale: true);
        if (string.IsNullOrEmpty(jobId))
        {
            var schedules = options.Value.Schedules;
            var schedule = index < schedules.Count && schedules[index].Job == jobName ? schedules[index] : null;
            var tick = context?.GetJobParameter<long?>("Time", allowStale: true) is { } seconds
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;
            jobId = await launcher.CreateScheduledAsync(jobName, JobSchedules.ParamsOf(schedule), tick ?? DateTimeOffset.UnixEpoch, cancellationToken);
            context?.SetJobParameter(StatusParameter, jobId);
        }
        await RunAsync(jobId, context, cancellationToken);
    }

    /// <summary>The expired-data sweep, as a recurring job. It logs its own failures and waits for the next tick.</summary>
    public Task SweepAsync(CancellationToken cancellationToken) => sweeper.SweepOnceAsync(cancellationToken);

    private static int Attempt(PerformContext? context) =>
        (context?.GetJobParameter<int?>("RetryCount", allowStale: true) ?? 0) + 1;
}

/// <summary>
/// What Hangfire sees of a failed attempt: the run's id, never the job's own exception, whose message may
/// hold anything (it is in _JobStatus, for the master key).
/// </summary>
public sealed class JobAttemptFailedException(string jobId) : Exception($"Job run {jobId} failed; its message is in _JobStatus.");
