using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Storage;

namespace PhoneAuth.Server.Jobs;

/// <summary>
/// The methods Hangfire calls. Their arguments are ids and indexes only: a run's parameters stay in its
/// _JobStatus, so they never reach Hangfire's tables or its logs.
/// </summary>
public sealed class HangfireJobs(
    JobRunner runner,
    JobLauncher launcher,
    StorageSweeper sweeper,
    IBackgroundJobClient client,
    IOptions<JobsOptions> options,
    TimeProvider time)
{
    /// <summary>The Hangfire job parameter that ties a scheduled tick to the _JobStatus it made, across retries and takeovers.</summary>
    private const string StatusParameter = "JobStatusId";

    /// <summary>One attempt of the run <paramref name="jobId"/>; a failure with attempts left is thrown for Hangfire to retry.</summary>
    public Task RunAsync(string jobId, PerformContext? context, CancellationToken cancellationToken) =>
        ResumeAsync(jobId, 1, context, cancellationToken);

    /// <summary>
    /// The run <paramref name="jobId"/> again, from attempt <paramref name="firstAttempt"/>, once the claim that
    /// held it would have lapsed: a process that died, or lost its database while recording the outcome,
    /// leaves a claim behind, and the run must not stay "running" for ever.
    /// </summary>
    public async Task ResumeAsync(string jobId, int firstAttempt, PerformContext? context, CancellationToken cancellationToken)
    {
        var attempt = firstAttempt + RetriesOf(context);
        var outcome = await runner.RunAsync(jobId, attempt, cancellationToken);
        if (outcome == JobOutcome.WillRetry) throw new JobAttemptFailedException(jobId);
        if (outcome == JobOutcome.Busy)
        {
            client.Create(Job.FromExpression<HangfireJobs>(jobs => jobs.ResumeAsync(jobId, attempt, null, CancellationToken.None)),
                new Hangfire.States.ScheduledState(options.Value.TakeoverAfter + TimeSpan.FromSeconds(1)));
        }
    }

    /// <summary>
    /// One tick of the schedule at <paramref name="index"/> in Jobs:Schedules: its run is made once (a tick
    /// enqueued twice makes one run), then run as any other.
    /// </summary>
    public async Task RunScheduledAsync(string jobName, int index, PerformContext? context, CancellationToken cancellationToken)
    {
        var jobId = context?.GetJobParameter<string>(StatusParameter, allowStale: true);
        if (string.IsNullOrEmpty(jobId))
        {
            var schedules = options.Value.Schedules;
            if (index >= schedules.Count || schedules[index].Job != jobName) return; // the configuration changed since
            var schedule = schedules[index];
            var enqueuedAt = context?.GetJobParameter<long?>("Time", allowStale: true) is { } seconds
                ? DateTimeOffset.FromUnixTimeSeconds(seconds) : time.GetUtcNow();
            var tick = JobSchedules.TickOf(schedule.Cron, enqueuedAt) ?? enqueuedAt;
            var scheduleId = JobSchedules.IdOf(index, schedule);
            // Null when this tick's run exists already: another process made it, or this attempt did before it
            // died between making it and noting its id. Run it all the same: its claim lets one process run it,
            // a finished run is skipped, and a run made by an attempt that died is not left "running" for ever.
            jobId = await launcher.CreateScheduledAsync(jobName, scheduleId, JobSchedules.ParamsOf(schedule), tick, cancellationToken)
                ?? JobLauncher.TickId(scheduleId, tick);
            context?.SetJobParameter(StatusParameter, jobId);
        }
        await RunAsync(jobId, context, cancellationToken);
    }

    /// <summary>The expired-data sweep, as a recurring job. It logs its own failures and waits for the next tick.</summary>
    public Task SweepAsync(CancellationToken cancellationToken) => sweeper.SweepOnceAsync(cancellationToken);

    private static int RetriesOf(PerformContext? context) => context?.GetJobParameter<int?>("RetryCount", allowStale: true) ?? 0;
}

/// <summary>
/// What Hangfire sees of a failed attempt: the run's id, never the job's own exception, whose message may
/// hold anything (it is in _JobStatus, for the master key).
/// </summary>
public sealed class JobAttemptFailedException(string jobId) : Exception($"Job run {jobId} failed; its message is in _JobStatus.");
