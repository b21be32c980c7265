using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.SampleCloudCode;

/// <summary>Jobs for the jobs tests: progress, failures, a hang, a slow run that tells which process ran it, a tick.</summary>
public sealed class JobsModule : ICloudCodeModule
{
    public void Register(CloudFunctionRegistry cloud)
    {
        // Counts to params.n, reporting each step, params.stepMs apart.
        cloud.Job("jobCount", async request =>
        {
            var n = (int?)request.Params["n"] ?? 3;
            var stepMs = (int?)request.Params["stepMs"] ?? 300;
            for (var i = 1; i <= n; i++)
            {
                await request.MessageAsync($"step {i} of {n}");
                await Task.Delay(stepMs, request.CancellationToken);
            }
        });
        cloud.Job("jobFailing", request => throw new InvalidOperationException($"failed on attempt {request.Attempt}"));
        cloud.Job("jobFailOnce", request => request.Attempt == 1
            ? throw new InvalidOperationException("first attempt fails")
            : request.MessageAsync($"succeeded on attempt {request.Attempt}"));
        // Never ends and never looks at its token: only the timeout ends its attempt.
        cloud.Job("jobHang", _ => Task.Delay(Timeout.Infinite));
        cloud.Job("jobSlow", async request =>
        {
            await request.MessageAsync($"running in {Environment.ProcessId}");
            await Task.Delay((int?)request.Params["ms"] ?? 3000, request.CancellationToken);
            await request.MessageAsync($"finished in {Environment.ProcessId}");
        });
        cloud.Job("jobEcho", request => request.MessageAsync(
            $"ip={request.Ip} trace={request.Headers.GetValueOrDefault("X-Trace")} master={request.Headers.ContainsKey("x-parse-master-key")} master-flag={request.Master}"));
        cloud.Job("jobTick", request => request.MessageAsync($"tick in {Environment.ProcessId}"));
        // A job over app data: archives every Task marked done, a page at a time, with the master key's rights.
        cloud.Job("jobArchiveDone", async request =>
        {
            var archived = 0;
            await request.Data.Query("Task").EqualTo("done", true).EachAsync(async task =>
            {
                await request.Data.SaveAsync(new ParseObject("ArchivedTask").Set("title", task.Get<string>("title")), request.CancellationToken);
                await request.Data.DestroyAsync(task, request.CancellationToken);
                archived++;
            }, pageSize: 2, cancellationToken: request.CancellationToken);
            await request.MessageAsync($"archived {archived}");
        });
    }
}
