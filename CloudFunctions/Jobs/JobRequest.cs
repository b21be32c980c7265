using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.CloudData;

namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>
/// What a job receives, as Parse Server's job request (params, headers, ip, jobName, jobId, message), with
/// the master key's rights, the application's services (the data API, a clock, its own) and a
/// CancellationToken that fires at <c>Jobs:Timeout</c> and at shutdown. A job may run more than once
/// (a retry, or a takeover after its process died): make it safe to repeat.
/// </summary>
public sealed class JobRequest
{
    public required string JobName { get; init; }

    /// <summary>The _JobStatus object of this run (Parse's <c>request.jobId</c>).</summary>
    public required string JobId { get; init; }

    /// <summary>The parameters: the request's body and query string, or the schedule's <c>Params</c>.</summary>
    public required JsonObject Params { get; init; }

    /// <summary>Always true: only the master key or the server's own schedule starts a job.</summary>
    public bool Master => true;

    /// <summary>
    /// The starting request's headers, lower-cased, less its credentials (see <see cref="JobOrigin"/>); none for a
    /// scheduled run.
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The starting request's client address (null for a scheduled run).</summary>
    public string? Ip { get; init; }

    /// <summary>"api" when a request started the run, "schedule" when <c>Jobs:Schedules</c> did.</summary>
    public required string Source { get; init; }

    /// <summary>This attempt, from 1 to <c>Jobs:Attempts</c>.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The application's services, for the data API and anything else a job needs.</summary>
    public required IServiceProvider Services { get; init; }

    /// <summary>The data API with the master key's rights, as a job has them (Parse's <c>useMasterKey</c> in a job).</summary>
    public CloudData.CloudData Data => _data ??= Services.GetRequiredService<CloudDataService>().Master;

    private CloudData.CloudData? _data;

    public CancellationToken CancellationToken { get; init; }

    internal Func<string, CancellationToken, Task> SetMessage { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>Reports progress: the status's <c>message</c>, as Parse's <c>request.message(…)</c>. Empty text is ignored.</summary>
    public Task MessageAsync(string message) =>
        string.IsNullOrEmpty(message) ? Task.CompletedTask : SetMessage(message, CancellationToken);
}
