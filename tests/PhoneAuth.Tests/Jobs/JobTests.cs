using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>
/// Jobs through the real host, on each engine: started with the master key as on Parse Server, their
/// progress and outcome in _JobStatus, retried as configured, cut off at their timeout, refused to
/// clients, and kept across a restart.
/// </summary>
public abstract class JobTests
{
    protected abstract StorageEngine Engine { get; }

    private Task<TestHost> StartAsync(Dictionary<string, string?>? settings = null, string? dataDirectory = null, string? connectionString = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Jobs:PollInterval"] = "00:00:00.200",
            ["Jobs:RetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        return TestHost.StartAsync(all, dataDirectory: dataDirectory, engine: Engine, postgresConnectionString: connectionString);
    }

    [Fact]
    public async Task AJobStartedWithTheMasterKeyRunsAndReportsItsProgressInJobStatus()
    {
        await using var host = await StartAsync();

        var id = await JobsApi.StartAsync(host.Client, "jobCount", new { n = 3, stepMs = 400, note = "secret-param-value" });
        var (final, seen) = await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30));

        Assert.Equal("succeeded", (string?)final["status"]);
        Assert.Equal("step 3 of 3", (string?)final["message"]);
        Assert.Contains("running: step 1 of 3", seen);
        Assert.Contains("running: step 2 of 3", seen);
        Assert.Equal("succeeded: step 3 of 3", seen[^1]);
        Assert.Equal("jobCount", (string?)final["jobName"]);
        Assert.Equal("api", (string?)final["source"]);
        Assert.Equal(3, (int?)final["params"]?["n"]);
        Assert.Equal("Date", (string?)final["startedAt"]?["__type"]);
        Assert.Equal("Date", (string?)final["finishedAt"]?["__type"]);
        Assert.True(DateTimeOffset.Parse((string)final["finishedAt"]!["iso"]!) >= DateTimeOffset.Parse((string)final["startedAt"]!["iso"]!));
        Assert.NotNull(final["createdAt"]);
        Assert.NotNull(final["updatedAt"]);
        Assert.Null(final["claimedBy"]);
        // Queryable as any class, with the master key.
        Assert.Contains(await JobsApi.RunsOfAsync(host.Client, "jobCount"), run => (string?)run["objectId"] == id);
        // The parameters never reach the logs.
        Assert.DoesNotContain("secret-param-value", host.Logs.All);
    }

    [Fact]
    public async Task AJobQueriesSavesAndDestroysAppDataWithTheMasterKeysRights()
    {
        await using var host = await StartAsync();
        // Private objects (an empty ACL): only the master key reads them, so a job that can archive them acts with it.
        for (var i = 0; i < 5; i++)
        {
            var created = await host.Client.RestAsync(HttpMethod.Post, "classes/Task", new JObject { ["title"] = $"t{i}", ["done"] = i % 2 == 0, ["ACL"] = new JObject() }, master: true);
            Assert.Equal(HttpStatusCode.Created, created.Status);
        }

        var id = await JobsApi.StartAsync(host.Client, "jobArchiveDone");
        var (final, _) = await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30));

        Assert.Equal("succeeded", (string?)final["status"]);
        Assert.Equal("archived 3", (string?)final["message"]);
        var left = await host.Client.RestAsync(HttpMethod.Get, "classes/Task?order=title", master: true);
        Assert.Equal(["t1", "t3"], left.Body["results"]!.Select(t => (string)t["title"]!).ToArray());
        var archived = await host.Client.RestAsync(HttpMethod.Get, "classes/ArchivedTask?order=title", master: true);
        Assert.Equal(["t0", "t2", "t4"], archived.Body["results"]!.Select(t => (string)t["title"]!).ToArray());
    }

    [Fact]
    public async Task AJobSeesTheStartingRequestsAddressAndHeadersButNoCredential()
    {
        await using var host = await StartAsync();

        var answer = await host.Client.RestAsync(HttpMethod.Post, "jobs/jobEcho", new { }, master: true,
            headers: new Dictionary<string, string> { ["X-Trace"] = "trace-42", ["X-Api-Token"] = "tok-not-kept", ["Cookie"] = "sid=not-kept" });
        var id = answer.Headers.GetValues("X-Parse-Job-Status-Id").Single();
        var (final, _) = await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30));

        Assert.Equal("ip=127.0.0.1 trace=trace-42 master=False master-flag=True", (string?)final["message"]);
        Assert.Equal("127.0.0.1", (string?)final["ip"]);
        Assert.Equal("trace-42", (string?)final["headers"]?["x-trace"]);
        Assert.DoesNotContain(TestHost.MasterKey, final.ToString());
        Assert.DoesNotContain("not-kept", final.ToString());
    }

    [Fact]
    public async Task AFailingJobIsRetriedAsConfiguredThenFailsWithItsMessage()
    {
        await using var host = await StartAsync(new() { ["Jobs:Attempts"] = "3", ["Jobs:RetryDelay"] = "00:00:01" });

        var failing = await JobsApi.StartAsync(host.Client, "jobFailing");
        var flaky = await JobsApi.StartAsync(host.Client, "jobFailOnce");
        var (failed, seen) = await JobsApi.WatchAsync(host.Client, failing, TimeSpan.FromSeconds(30));
        Assert.Contains(seen, s => s.StartsWith("running: Attempt 1 of 3 failed: failed on attempt 1") || s.StartsWith("running: Attempt 2 of 3 failed"));
        var (recovered, _) = await JobsApi.WatchAsync(host.Client, flaky, TimeSpan.FromSeconds(30));

        Assert.Equal("failed", (string?)failed["status"]);
        Assert.Equal("failed on attempt 3", (string?)failed["message"]);
        Assert.Equal(3, (int?)failed["attempts"]);
        Assert.NotNull(failed["finishedAt"]);
        Assert.Equal("succeeded", (string?)recovered["status"]);
        Assert.Equal("succeeded on attempt 2", (string?)recovered["message"]);
        // The job's own message goes to _JobStatus, not to the log, which names the failure's type.
        Assert.DoesNotContain("failed on attempt", host.Logs.All);
        Assert.Contains("System.InvalidOperationException", host.Logs.All);
    }

    [Fact]
    public async Task AJobThatHangsFailsAtItsTimeoutAndIsNotRetriedWhileTheServerKeepsServing()
    {
        await using var host = await StartAsync(new() { ["Jobs:Timeout"] = "00:00:01", ["Jobs:Attempts"] = "3" });

        var id = await JobsApi.StartAsync(host.Client, "jobHang");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Get, "health")).Status);
        var (final, _) = await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30));

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Equal("Timed out after 00:00:01 and did not stop: not retried.", (string?)final["message"]);
        Assert.Equal(1, (int?)final["attempts"]);
        // The workers are free again: the next job runs.
        var next = await JobsApi.StartAsync(host.Client, "jobCount", new { n = 1, stepMs = 10 });
        Assert.Equal("succeeded", (string?)(await JobsApi.WatchAsync(host.Client, next, TimeSpan.FromSeconds(30))).Final["status"]);
    }

    [Fact]
    public async Task AJobThatStopsAtItsTimeoutIsRetriedThenFails()
    {
        await using var host = await StartAsync(new() { ["Jobs:Timeout"] = "00:00:01", ["Jobs:Attempts"] = "2" });

        var id = await JobsApi.StartAsync(host.Client, "jobCount", new { n = 1, stepMs = 60_000 });
        var (final, _) = await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30));

        Assert.Equal("failed", (string?)final["status"]);
        Assert.Equal("Timed out after 00:00:01.", (string?)final["message"]);
        Assert.Equal(2, (int?)final["attempts"]);
    }

    [Fact]
    public async Task ARunHeldByAClaimLeftBehindRunsOnceTheClaimLapses()
    {
        await using var host = await StartAsync(new() { ["Jobs:TakeoverAfter"] = "00:00:01" });
        var statuses = host.Services.GetRequiredService<JobStatuses>();
        // A run claimed by a process that then died (or lost its database while recording the outcome).
        var id = (await statuses.CreateAsync("jobCount", "api", new JsonObject { ["n"] = 1, ["stepMs"] = 10 }, null, null, CancellationToken.None))!;
        Assert.True(await statuses.TryClaimAsync(id, "dead-process", 1, TimeSpan.FromSeconds(1), CancellationToken.None));
        await host.Services.GetRequiredService<IJobQueue>().EnqueueAsync(id, CancellationToken.None);

        // A worker finds the claim alive and looks again later; meanwhile the claim lapses.
        await Task.Delay(1500);
        Assert.Equal("dead-process", (string?)(await JobsApi.StatusAsync(host.Client, id))["claimedBy"]);
        host.Time.Advance(TimeSpan.FromSeconds(5));
        var (final, _) = await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30));

        Assert.Equal("succeeded", (string?)final["status"]);
        Assert.Equal("step 1 of 1", (string?)final["message"]);
    }

    [Fact]
    public async Task OnlyTheMasterKeyStartsAJobOrReadsAndWritesJobStatus()
    {
        await using var host = await StartAsync();
        var id = await JobsApi.StartAsync(host.Client, "jobCount", new { n = 1, stepMs = 10 });

        (await host.Client.RestAsync(HttpMethod.Post, "jobs/jobCount", new { }))
            .AssertError(HttpStatusCode.Forbidden, 119, "unauthorized: master key is required");
        (await host.Client.RestAsync(HttpMethod.Get, "classes/_JobStatus"))
            .AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to perform the find operation on the _JobStatus collection.");
        (await host.Client.RestAsync(HttpMethod.Get, "classes/_JobStatus/" + id))
            .AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to perform the find operation on the _JobStatus collection.");
        (await host.Client.RestAsync(HttpMethod.Put, "classes/_JobStatus/" + id, new { status = "succeeded" }))
            .AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to perform the update operation on the _JobStatus collection.");
        (await host.Client.RestAsync(HttpMethod.Post, "classes/_JobStatus", new { status = "running" }))
            .AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to perform the create operation on the _JobStatus collection.");
        (await host.Client.RestAsync(HttpMethod.Delete, "classes/_JobStatus/" + id))
            .AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to perform the delete operation on the _JobStatus collection.");
        Assert.Single(await JobsApi.RunsOfAsync(host.Client, "jobCount"));
    }

    [Fact]
    public async Task AnUnknownJobIsRefusedAsParseServerRefusesIt()
    {
        await using var host = await StartAsync();

        (await host.Client.RestAsync(HttpMethod.Post, "jobs/noSuchJob", new { }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 141, "Invalid job.");
        (await host.Client.RestAsync(HttpMethod.Post, "jobs", new { jobName = "noSuchJob" }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 141, "Invalid job.");
        // The body's jobName names the job too, as on Parse Server.
        var id = (await host.Client.RestAsync(HttpMethod.Post, "jobs", new { jobName = "jobCount", n = 1, stepMs = 10 }, master: true))
            .Headers.GetValues("X-Parse-Job-Status-Id").Single();
        Assert.Equal("succeeded", (string?)(await JobsApi.WatchAsync(host.Client, id, TimeSpan.FromSeconds(30))).Final["status"]);
    }

    [Fact]
    public async Task ARunInterruptedByAShutdownIsFinishedAfterTheRestart()
    {
        var connection = Engine == StorageEngine.Postgres ? await (await PostgresServer.Shared).CreateDatabaseAsync() : null;
        var first = await StartAsync(connectionString: connection);
        var id = await JobsApi.StartAsync(first.Client, "jobSlow", new { ms = 2000 });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!((string?)(await JobsApi.StatusAsync(first.Client, id))["message"] ?? "").StartsWith("running") && DateTime.UtcNow < deadline) await Task.Delay(50);
        await first.StopAsync();

        var second = await StartAsync(dataDirectory: first.DataDirectory, connectionString: connection);
        var (final, _) = await JobsApi.WatchAsync(second.Client, id, TimeSpan.FromSeconds(60));

        Assert.Equal("succeeded", (string?)final["status"]);
        Assert.StartsWith("finished in", (string?)final["message"]);
        // A shutdown is no failure: the run goes on as the same attempt.
        Assert.Equal(1, (int?)final["attempts"]);
        await second.DisposeAsync();
        Directory.Delete(first.DataDirectory, recursive: true);
    }
}

public sealed class JobsOnSqlite : JobTests
{
    protected override StorageEngine Engine => StorageEngine.Sqlite;
}

public sealed class JobsOnPostgres : JobTests
{
    protected override StorageEngine Engine => StorageEngine.Postgres;
}
