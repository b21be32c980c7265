using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>
/// Jobs across separate server processes on one database: a run whose process is killed is finished by
/// another, and a schedule runs once per tick however many processes are up.
/// </summary>
public sealed class JobProcessTests
{
    [Fact]
    public async Task ARunInterruptedByAKillIsFinishedByAnotherProcessOnPostgres()
    {
        var connection = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await KilledRunIsTakenOverAsync(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = connection,
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task ARunInterruptedByAKillIsFinishedByAnotherProcessOnSqlite()
    {
        var folder = Directory.CreateTempSubdirectory("phoneauth-jobs-").FullName;
        try
        {
            await KilledRunIsTakenOverAsync(new()
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(folder, "shared.db"),
                // SQLite's Hangfire storage hides a fetched run for Timeout + TakeoverAfter: keep both short.
                ["Jobs:Timeout"] = "00:00:06",
            }, TimeSpan.FromSeconds(60));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AScheduledJobRunsOncePerTickWithThreeProcessesUpOnPostgres()
    {
        var connection = await (await PostgresServer.Shared).CreateDatabaseAsync();
        await OnePerTickAsync(new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = connection });
    }

    [Fact]
    public async Task AScheduledJobRunsOncePerTickWithThreeProcessesUpOnOneSqliteFile()
    {
        var folder = Directory.CreateTempSubdirectory("phoneauth-jobs-").FullName;
        try
        {
            await OnePerTickAsync(new() { ["Storage:Provider"] = "sqlite", ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(folder, "shared.db") });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Three processes with a schedule every two seconds: each tick makes one run, whichever process enqueues it.</summary>
    private static async Task OnePerTickAsync(Dictionary<string, string?> storage)
    {
        var settings = Settings(new(storage)
        {
            ["Jobs:Schedules:0:Job"] = "jobTick",
            ["Jobs:Schedules:0:Cron"] = "*/2 * * * * *",
            ["Jobs:Schedules:0:Params"] = """{"from":"schedule"}""",
        });
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServerProcess.StartAsync(settings)));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(9));
            var runs = await JobsApi.RunsOfAsync(servers[0].Client, "jobTick");

            // One run per tick, never three (one per process): distinct ticks, no more runs than ticks in their span.
            Assert.True(runs.Count >= 3, $"{runs.Count} runs in 9 seconds");
            var ticks = runs.Select(r => (string?)r["scheduledAt"]?["iso"]).ToList();
            Assert.All(ticks, Assert.NotNull);
            var times = ticks.Select(t => DateTimeOffset.Parse(t!)).Order().ToList();
            Assert.Equal(ticks.Count, ticks.Distinct().Count());
            Assert.All(times, t => Assert.Equal(0, t.Second % 2));
            Assert.True(runs.Count <= (times[^1] - times[0]).TotalSeconds / 2 + 1, string.Join(", ", ticks));
            Assert.All(runs, r => Assert.Equal("schedule", (string?)r["source"]));
            Assert.All(runs, r => Assert.Equal("schedule", (string?)r["params"]?["from"]));
            var finished = runs.Where(r => (string?)r["status"] == "succeeded").ToList();
            Assert.True(finished.Count >= runs.Count - 1, string.Join("\n", runs.Select(r => r.ToString())));
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }

    /// <summary>
    /// Two processes; a slow run starts on one of them, which is killed while the run is in progress; the
    /// other takes the run over once the claim lapses and finishes it.
    /// </summary>
    private static async Task KilledRunIsTakenOverAsync(Dictionary<string, string?> storage, TimeSpan limit)
    {
        var settings = Settings(storage);
        var servers = new[] { await ServerProcess.StartAsync(settings), await ServerProcess.StartAsync(settings) };
        try
        {
            var id = await JobsApi.StartAsync(servers[0].Client, "jobSlow", new { ms = 3000 });
            var deadline = DateTime.UtcNow.AddSeconds(20);
            string? message = null;
            while (DateTime.UtcNow < deadline && message?.StartsWith("running in ") != true)
            {
                message = (string?)(await JobsApi.StatusAsync(servers[1].Client, id))["message"];
                await Task.Delay(50);
            }
            Assert.NotNull(message);
            var runner = servers.Single(s => message == $"running in {s.ProcessId}");
            var survivor = servers.Single(s => s != runner);
            await runner.KillAsync();

            var (final, seen) = await JobsApi.WatchAsync(survivor.Client, id, limit);

            Assert.True((string?)final["status"] == "succeeded", string.Join("\n", seen) + "\n" + survivor.Output);
            Assert.Equal($"finished in {survivor.ProcessId}", (string?)final["message"]);
            Assert.Contains($"running: running in {survivor.ProcessId}", seen);
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Settings(Dictionary<string, string?> storage)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Sms:Dev:OutboxPath"] = Path.Combine(Path.GetTempPath(), "phoneauth-jobs-outbox.jsonl"),
            ["Jobs:PollInterval"] = "00:00:00.500",
            ["Jobs:TakeoverAfter"] = "00:00:03",
        };
        foreach (var (key, value) in storage) settings[key] = value;
        return settings;
    }
}
