using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   POST /jobs/{name}   start a job (master key only) → {} and X-Parse-Job-Status-Id
///   POST /jobs          the same, naming the job in the body's jobName
/// </summary>
internal static class JobsEndpoints
{
    /// <summary>The header naming the run's _JobStatus, as Parse Server answers it.</summary>
    private const string StatusIdHeader = "X-Parse-Job-Status-Id";

    public static RouteGroupBuilder MapJobsEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/jobs/{name}", StartAsync);
        group.MapPost("/jobs", (HttpContext http, JobLauncher launcher) => StartAsync(http, http.Wire().String("jobName") ?? "", launcher));
        return group;
    }

    private static async Task StartAsync(HttpContext http, string name, JobLauncher launcher)
    {
        var request = http.Wire();
        var parameters = request.Body;
        // As in Parse Server, query-string parameters join the body's.
        foreach (var (key, value) in http.Request.Query) parameters.TryAdd(key, value.ToString());

        var jobId = await launcher.StartAsync(name, parameters, request.Caller, http.RequestAborted);
        http.Response.Headers[StatusIdHeader] = jobId;
        await http.Response.WriteJsonAsync(new JsonObject());
    }
}
