using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhoneAuth.Server.Jobs;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>Schedules are configuration: a bad one stops start-up naming its key, and one removed stops.</summary>
public sealed class JobConfigurationTests
{
    [Theory]
    [InlineData("noSuchJob", "0 3 * * *", null, "Jobs:Schedules:0:Job names 'noSuchJob', which no cloud-code module defines.")]
    [InlineData("jobTick", "every night", null, "Jobs:Schedules:0:Cron 'every night' is not a valid cron expression")]
    [InlineData("jobTick", "0 3 * * *", "[1,2]", "Jobs:Schedules: Params must be a JSON object")]
    public async Task ABadScheduleStopsStartUpNamingItsKey(string job, string cron, string? parameters, string message)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Jobs:Schedules:0:Job"] = job,
            ["Jobs:Schedules:0:Cron"] = cron,
            ["Jobs:Schedules:0:Params"] = parameters,
        }));
        Assert.Contains(message, failure is OptionsValidationException options ? string.Join(" ", options.Failures) : failure.Message);
    }

    [Fact]
    public async Task AScheduleRemovedFromTheConfigurationStops()
    {
        var settings = new Dictionary<string, string?>
        {
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Jobs:Schedules:0:Job"] = "jobTick",
            ["Jobs:Schedules:0:Cron"] = "0 3 * * *",
        };
        var first = await TestHost.StartAsync(settings);
        Assert.Contains(RecurringIds(first), id => id == "schedule:0:jobTick");
        await first.StopAsync();

        var second = await TestHost.StartAsync(new Dictionary<string, string?> { ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll },
            dataDirectory: first.DataDirectory);

        Assert.Equal([JobSchedules.SweepId], RecurringIds(second));
        await second.DisposeAsync();
        Directory.Delete(first.DataDirectory, recursive: true);
    }

    private static List<string> RecurringIds(TestHost host)
    {
        using var connection = host.Services.GetRequiredService<HangfireParts>().Storage.GetConnection();
        return [.. connection.GetRecurringJobs().Select(job => job.Id).Order()];
    }

    [Fact]
    public async Task OnAFirstRunTheDatabasesFolderIsMadeForTheJobsFileToo()
    {
        var root = Directory.CreateTempSubdirectory("phoneauth-fresh-").FullName;
        try
        {
            var folder = Path.Combine(root, "data"); // not there yet, as on a fresh clone
            await using (var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "phoneauth.db")}" }))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Get, "health")).Status);
            }
            Assert.True(File.Exists(Path.Combine(folder, "phoneauth.jobs.db")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
