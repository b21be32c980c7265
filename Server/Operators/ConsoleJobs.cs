using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Jobs;
using F = PhoneAuth.CloudFunctions.Jobs.JobStatusNames;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// The jobs view, as the master key: the jobs defined (the registry) and scheduled (Jobs:Schedules), and their
/// runs, newest first, read from _JobStatus through the ObjectReader, as GET /parse/classes/_JobStatus reads them.
/// </summary>
public sealed class ConsoleJobs(ObjectReader reader, CloudFunctionRegistry registry, IOptions<JobsOptions> options)
{
    public const int PageSize = 50;

    public async Task<JobsView> ReadAsync(string? job, RequestContext master, CancellationToken cancellationToken)
    {
        var names = registry.JobNames.Order(StringComparer.Ordinal).ToList();
        var filter = string.IsNullOrEmpty(job) ? null : job;
        var query = new ObjectQuery
        {
            ClassName = F.ClassName,
            Where = filter is null ? AllOf.Always : new Comparison(FieldPath.Of(F.JobName), Comparator.Equal, JsonValue.Create(filter)),
            Order = [new OrderKey(FieldPath.Of(DataFields.CreatedAt), Descending: true)],
            Limit = PageSize,
            Count = true,
        };
        var page = await reader.FindAsync(query, master, cancellationToken);
        var runs = page.Objects.Select(found => Run(found.Object)).ToList();
        var schedules = options.Value.Schedules.Select(s => new JobScheduleView(s.Job, s.Cron)).ToList();
        return new JobsView(names, schedules, filter, runs, page.Count ?? runs.Count);
    }

    private static JobRun Run(StoredObject run)
    {
        var fields = run.Fields;
        return new JobRun(run.Id, Text(fields[F.JobName]), Text(fields[F.Source]), Text(fields[F.Status]), Text(fields[F.Message]),
            Date(fields[F.StartedAt]), Date(fields[F.FinishedAt]), fields[F.Attempts] is JsonValue attempts && attempts.TryGetValue<int>(out var n) ? n : null,
            run.CreatedAt);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A Parse Date ({"__type":"Date","iso":…}).</summary>
    private static DateTimeOffset? Date(JsonNode? node) =>
        Text(node?["iso"]) is { } iso && DateTimeOffset.TryParse(iso, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}

public sealed record JobsView(IReadOnlyList<string> Jobs, IReadOnlyList<JobScheduleView> Schedules, string? Filter, IReadOnlyList<JobRun> Runs, long Count);

public sealed record JobScheduleView(string Job, string Cron);

public sealed record JobRun(string Id, string? JobName, string? Source, string? Status, string? Message,
    DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int? Attempts, DateTimeOffset CreatedAt);
