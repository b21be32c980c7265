using Hangfire;
using Hangfire.Common;
using PhoneAuth.CloudFunctions.Jobs;

namespace PhoneAuth.Server.Jobs;

/// <summary>The queue of runs, in Hangfire's tables: a queued run outlives a restart and is taken by one worker of one process.</summary>
public sealed class HangfireJobQueue(IBackgroundJobClient client) : IJobQueue
{
    public Task EnqueueAsync(string jobId, CancellationToken cancellationToken)
    {
        client.Create(Job.FromExpression<HangfireJobs>(jobs => jobs.RunAsync(jobId, null, CancellationToken.None)), new Hangfire.States.EnqueuedState());
        return Task.CompletedTask;
    }
}
