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
        var jobId = (await statuses.CreateAsync(name, JobStatusNames.FromApi, parameters, null, caller, cancellationToken))!;
        await queue.EnqueueAsync(jobId, cancellationToken);
        return jobId;
    }

    /// <summary>
    /// The run of one tick of a schedule: its id is made from the schedule and the tick, so that a tick
    /// enqueued by two processes (a scheduler's lock that does not hold across them) makes one run; the
    /// second gets null. The caller runs it at once.
    /// </summary>
    public Task<string?> CreateScheduledAsync(string name, string scheduleId, JsonObject parameters, DateTimeOffset tick, CancellationToken cancellationToken) =>
        statuses.CreateAsync(name, JobStatusNames.FromSchedule, parameters, tick, null, cancellationToken, TickId(scheduleId, tick));

    /// <summary>A 10-character object id from the schedule and the tick.</summary>
    public static string TickId(string scheduleId, DateTimeOffset tick)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{scheduleId}|{tick.ToUnixTimeSeconds()}"));
        return new string([.. hash.Take(10).Select(b => Alphabet[b % Alphabet.Length])]);
    }
}
