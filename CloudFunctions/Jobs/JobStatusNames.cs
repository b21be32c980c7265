namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>The _JobStatus class and its fields and values, as Parse Server spells them (plus startedAt, attempts and the claim).</summary>
public static class JobStatusNames
{
    public const string ClassName = Data.ClassNames.JobStatus;

    public const string JobName = "jobName";
    public const string Source = "source";
    public const string Status = "status";
    public const string Message = "message";
    public const string Params = "params";
    public const string StartedAt = "startedAt";
    public const string FinishedAt = "finishedAt";
    public const string Attempts = "attempts";
    public const string ScheduledAt = "scheduledAt";
    public const string Ip = "ip";
    public const string Headers = "headers";

    /// <summary>The process run holding the run, and until when: a dead process's claim lapses (<c>Jobs:TakeoverAfter</c>).</summary>
    public const string ClaimedBy = "claimedBy";
    public const string ClaimedUntil = "claimedUntil";

    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public const string FromApi = "api";
    public const string FromSchedule = "schedule";
}
