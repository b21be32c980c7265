using System.Text.Json;
using System.Text.Json.Nodes;
using Cronos;
using PhoneAuth.CloudFunctions.Jobs;

namespace PhoneAuth.Server.Jobs;

/// <summary>Reading Jobs:Schedules and Storage:SweepInterval into cron expressions.</summary>
public static class JobSchedules
{
    /// <summary>The recurring job ids of schedules begin with this; the sweep's is <see cref="SweepId"/>.</summary>
    public const string SchedulePrefix = "schedule:";
    public const string SweepId = "storage-sweep";

    public static string IdOf(int index, JobSchedule schedule) => $"{SchedulePrefix}{index}:{schedule.Job}";

    /// <summary>The schedule's parameters; an empty object when it has none.</summary>
    public static JsonObject ParamsOf(JobSchedule? schedule) =>
        string.IsNullOrWhiteSpace(schedule?.Params) ? [] : JsonNode.Parse(schedule.Params) as JsonObject ?? [];

    public static bool IsValidParams(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return true;
        try { return JsonNode.Parse(text) is JsonObject; }
        catch (JsonException) { return false; }
    }

    /// <summary>
    /// The tick a scheduled run belongs to: the latest occurrence of <paramref name="cron"/> (UTC) at or before
    /// <paramref name="enqueuedAt"/>, when Hangfire enqueued it (on time, or late: Hangfire's relaxed misfires
    /// give the enqueue time, not the occurrence). Null when there is none in the five years before.
    /// </summary>
    public static DateTimeOffset? TickOf(string cron, DateTimeOffset enqueuedAt)
    {
        var format = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var expression = CronExpression.Parse(cron, format);
        var to = enqueuedAt.UtcDateTime;
        foreach (var back in (TimeSpan[])[TimeSpan.FromMinutes(1), TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(366), TimeSpan.FromDays(5 * 366)])
        {
            var last = expression.GetOccurrences(to - back, to, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true).LastOrDefault();
            if (last != default) return new DateTimeOffset(last, TimeSpan.Zero);
        }
        return null;
    }

    /// <summary>
    /// Storage:SweepInterval as cron: under a second runs every second; seconds, minutes and hours run every
    /// that many (counted within the minute, hour or day, as cron does: 00:00:45 runs at :00 and :45); a day or
    /// more runs daily at midnight UTC.
    /// </summary>
    public static string CronOf(TimeSpan interval)
    {
        if (interval < TimeSpan.FromSeconds(2)) return "* * * * * *";
        if (interval < TimeSpan.FromMinutes(1)) return $"*/{(int)interval.TotalSeconds} * * * * *";
        if (interval < TimeSpan.FromHours(1)) return $"0 */{(int)interval.TotalMinutes} * * * *";
        if (interval < TimeSpan.FromDays(1)) return $"0 0 */{(int)interval.TotalHours} * * *";
        return "0 0 0 * * *";
    }
}
