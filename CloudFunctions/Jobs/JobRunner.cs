using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Functions;
using F = PhoneAuth.CloudFunctions.Jobs.JobStatusNames;

namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>What became of one attempt.</summary>
public enum JobOutcome
{
    Succeeded,
    Failed,
    /// <summary>The attempt failed and another is due: the host schedules it after <see cref="JobsOptions.RetryDelay"/>.</summary>
    WillRetry,
    /// <summary>Nothing ran: the run is finished or gone.</summary>
    Skipped,
    /// <summary>
    /// Nothing ran: a live claim holds the run (another process runs it, or one that died or lost its database
    /// held it). The host looks again once a claim would have lapsed (<see cref="JobsOptions.TakeoverAfter"/>).
    /// </summary>
    Busy,
}

/// <summary>
/// Runs one attempt of a run: claims it, calls the job with a token that fires at <see cref="JobsOptions.Timeout"/>,
/// renews the claim while it runs, and records the outcome in _JobStatus. A job that throws, hangs or loops
/// fails its attempt; it never escapes into the host. The job's parameters and message are never logged.
/// </summary>
public sealed class JobRunner(
    CloudFunctionRegistry registry,
    JobStatuses statuses,
    IServiceScopeFactory scopes,
    IOptions<JobsOptions> options,
    ILogger<JobRunner> logger)
{
    public async Task<JobOutcome> RunAsync(string jobId, int attempt, CancellationToken stopping)
    {
        var settings = options.Value;
        var status = await statuses.FindAsync(jobId, stopping);
        if (status is null || (string?)status.Fields[F.Status] != F.Running) return JobOutcome.Skipped;
        var name = (string?)status.Fields[F.JobName] ?? "";
        if (!registry.TryGetJob(name, out var job))
        {
            logger.LogWarning(LogEvents.JobFailed, "Job {Job} ({JobId}) is not defined on this server; the run fails", name, jobId);
            await statuses.FinishAsync(jobId, null, F.Failed, "Invalid job.", stopping);
            return JobOutcome.Failed;
        }

        var owner = Guid.NewGuid().ToString("N");
        if (!await statuses.TryClaimAsync(jobId, owner, attempt, settings.TakeoverAfter, stopping))
            return (string?)(await statuses.FindAsync(jobId, stopping))?.Fields[F.Status] == F.Running ? JobOutcome.Busy : JobOutcome.Skipped;
        logger.LogInformation(LogEvents.JobStarted, "Job {Job} ({JobId}) attempt {Attempt} of {Attempts} started", name, jobId, attempt, settings.Attempts);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(settings.Timeout);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewAsync(jobId, owner, settings.TakeoverAfter, renewing.Token);
        await using var scope = scopes.CreateAsyncScope();
        var request = new JobRequest
        {
            JobName = name,
            JobId = jobId,
            Params = status.Fields[F.Params] as JsonObject ?? [],
            Source = (string?)status.Fields[F.Source] ?? F.FromApi,
            Ip = (string?)status.Fields[F.Ip],
            Headers = JobOrigin.Read(status.Fields[F.Headers]),
            Attempt = attempt,
            Services = scope.ServiceProvider,
            CancellationToken = timeout.Token,
            SetMessage = (message, ct) => statuses.SetMessageAsync(jobId, owner, message, ct),
        };
        // On the thread pool, and awaited only until the timeout: a job that blocks or loops without
        // looking at its token loses its attempt instead of holding the worker for ever.
        var run = Task.Run(() => job.Handler(request), CancellationToken.None);
        try
        {
            await run.WaitAsync(timeout.Token);
            await renewing.CancelAsync();
            await statuses.FinishAsync(jobId, owner, F.Succeeded, null, CancellationToken.None);
            logger.LogInformation(LogEvents.JobFinished, "Job {Job} ({JobId}) succeeded", name, jobId);
            return JobOutcome.Succeeded;
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Shutdown: give the claim back so that another process (or this one, restarted) takes the run at once.
            await renewing.CancelAsync();
            await statuses.ReleaseAsync(jobId, owner, $"Attempt {attempt} was interrupted by a shutdown.", CancellationToken.None);
            throw new OperationCanceledException(stopping);
        }
        catch (Exception ex)
        {
            await renewing.CancelAsync();
            var timedOut = timeout.IsCancellationRequested;
            // A job still running a moment after its token fired ignores it: it cannot be stopped, only left
            // behind, so it is not started again (each retry would leave one more behind).
            var stuck = timedOut && !await StopsAsync(run);
            // The message goes to _JobStatus (master key only), as in Parse; the log gets its type, never its text
            // or the parameters, which may hold anything the application passed.
            var message = !timedOut ? (string.IsNullOrEmpty(ex.Message) ? ex.GetType().Name : ex.Message)
                : stuck ? $"Timed out after {settings.Timeout} and did not stop: not retried." : $"Timed out after {settings.Timeout}.";
            logger.Log(stuck ? LogLevel.Error : LogLevel.Warning, LogEvents.JobFailed, "Job {Job} ({JobId}) attempt {Attempt} of {Attempts} failed: {Failure}",
                name, jobId, attempt, settings.Attempts, stuck ? "timeout, and it ignores its token (it keeps running in the background)" : timedOut ? "timeout" : ex.GetType().FullName);
            if (attempt < settings.Attempts && !stuck)
            {
                await statuses.ReleaseAsync(jobId, owner, $"Attempt {attempt} of {settings.Attempts} failed: {message}", CancellationToken.None);
                return JobOutcome.WillRetry;
            }
            await statuses.FinishAsync(jobId, owner, F.Failed, message, CancellationToken.None);
            return JobOutcome.Failed;
        }
        finally
        {
            await renewal;
        }
    }

    /// <summary>Whether a job that was told to stop does so within a second.</summary>
    private static async Task<bool> StopsAsync(Task run)
    {
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1)));
        return run.IsCompleted;
    }

    /// <summary>Renews the claim every third of its lease until the attempt ends. A failed renewal is retried at the next turn.</summary>
    private async Task RenewAsync(string jobId, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(lease / 3, cancellationToken);
                try
                {
                    if (!await statuses.RenewAsync(jobId, owner, lease, cancellationToken))
                        logger.LogWarning(LogEvents.JobFailed, "Job run {JobId} lost its claim while running", jobId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(LogEvents.JobFailed, "Job run {JobId} could not renew its claim: {Failure}", jobId, ex.GetType().FullName);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
