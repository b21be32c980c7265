namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>Where a run waits for a worker: durable, shared by every process on the database. The host supplies it.</summary>
public interface IJobQueue
{
    /// <summary>Queues the run whose _JobStatus is <paramref name="jobId"/>. Only the id is queued: the parameters stay in the status.</summary>
    Task EnqueueAsync(string jobId, CancellationToken cancellationToken);
}
