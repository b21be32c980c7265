using PhoneAuth.CloudFunctions.Jobs;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>The registry's background jobs, like <c>Parse.Cloud.job</c>. Kept apart from functions and triggers.</summary>
public sealed partial class CloudFunctionRegistry
{
    private readonly Dictionary<string, CloudJob> _jobs = new(StringComparer.Ordinal);

    /// <summary>
    /// Defines the job <paramref name="name"/>: started by <c>POST /parse/jobs/{name}</c> with the master key or
    /// by a schedule in <c>Jobs:Schedules</c>, run in the background, its progress and outcome kept in _JobStatus.
    /// The job fails by throwing; its message becomes the status's. Throws if the name is taken or malformed.
    /// </summary>
    public void Job(string name, Func<JobRequest, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (!FunctionName().IsMatch(name ?? ""))
            throw new ArgumentException($"'{name}' is not a valid job name: use letters, digits, '_' and '-'.", nameof(name));
        lock (_gate)
        {
            if (!_jobs.TryAdd(name!, new CloudJob(name!, handler)))
                throw new InvalidOperationException($"Job '{name}' is already defined.");
        }
    }

    public bool TryGetJob(string name, out CloudJob job)
    {
        lock (_gate) return _jobs.TryGetValue(name, out job!);
    }

    public IReadOnlyCollection<string> JobNames
    {
        get { lock (_gate) return [.. _jobs.Keys]; }
    }
}
