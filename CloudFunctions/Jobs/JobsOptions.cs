using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Jobs;

/// <summary>The <c>Jobs</c> section: how background jobs run, retry and are scheduled.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How many times a failing run is tried, the first included; 1 never retries. Defaults to 3.</summary>
    [Range(1, 100)]
    public int Attempts { get; set; } = 3;

    /// <summary>How long to wait before the next attempt of a failed run. Defaults to 30 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one attempt may run: then its CancellationToken fires and the attempt fails (and is retried),
    /// even if the job ignores the token. Defaults to 1 hour.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How soon a run whose process died (killed, crashed, cut off) is taken over by another process. A running
    /// job renews its claim every third of this. Defaults to 5 minutes.
    /// </summary>
    public TimeSpan TakeoverAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many jobs one process runs at once. Defaults to 2.</summary>
    [Range(1, 100)]
    public int WorkerCount { get; set; } = 2;

    /// <summary>How often an idle process looks for queued runs and due schedules. Defaults to 1 second.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs run on a cron schedule, by one process of all those sharing the database.</summary>
    public List<JobSchedule> Schedules { get; set; } = [];
}

/// <summary>One entry of <c>Jobs:Schedules</c>.</summary>
public sealed class JobSchedule
{
    /// <summary>The job's name, as registered with <c>Job(name, handler)</c>.</summary>
    public string Job { get; set; } = "";

    /// <summary>A cron expression in UTC: five fields (minute precision) or six, the first being seconds.</summary>
    public string Cron { get; set; } = "";

    /// <summary>The run's parameters, as a JSON object (<c>{"days":30}</c>); none when empty.</summary>
    public string? Params { get; set; }
}
