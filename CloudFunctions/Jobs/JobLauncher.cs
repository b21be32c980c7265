using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>Starts runs: records a running _JobStatus, then queues it for a worker of any process.</summary>
public sealed class JobLauncher(CloudFunctionRegistry registry, JobStatuses statuses, IJobQueue queue)
{
    /// <summary>
    /// POST /jobs/{name}: the master key only (Parse Server's 403 "unauthorized: master key is required"), a defined
    /// job only (141 "Invalid job."). Returns the _JobStatus id.
    /// </summary>
    public async Task<string> StartAsync(string name, JsonObject parameters, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyOnly) { PublicMessage = "unauthorized: master key is required" };
        if (!registry.TryGetJob(name, out _)) throw new PhoneAuthException(AuthError.FunctionNotFound) { Args = [name], PublicMessage = "Invalid job." };
        var jobId = await statuses.CreateAsync(name, JobStatusNames.FromApi, parameters, null, caller, cancellationToken);
        await queue.EnqueueAsync(jobId, cancellationToken);
        return jobId;
    }

    /// <summary>A scheduled run: its status records when the scheduler enqueued it. The caller runs it at once.</summary>
    public Task<string> CreateScheduledAsync(string name, JsonObject parameters, DateTimeOffset tick, CancellationToken cancellationToken) =>
        statuses.CreateAsync(name, JobStatusNames.FromSchedule, parameters, tick, null, cancellationToken);
}
