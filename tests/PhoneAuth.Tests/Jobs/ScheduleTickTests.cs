using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Jobs;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>A scheduled run belongs to one tick, and a tick makes one run however many processes enqueue it.</summary>
public sealed class ScheduleTickTests
{
    [Theory]
    [InlineData("*/2 * * * * *", "2026-12-04T18:10:50Z", "2026-12-04T18:10:50Z")]
    [InlineData("*/2 * * * * *", "2026-12-04T18:10:51Z", "2026-12-04T18:10:50Z")]
    [InlineData("0 3 * * *", "2026-12-04T10:00:00Z", "2026-12-04T03:00:00Z")]
    [InlineData("0 3 * * *", "2026-12-04T02:59:59Z", "2026-12-03T03:00:00Z")]
    [InlineData("0 0 1 1 *", "2026-12-04T02:59:59Z", "2026-01-01T00:00:00Z")]
    public void ATickIsTheLatestOccurrenceAtOrBeforeTheEnqueueTime(string cron, string enqueuedAt, string tick) =>
        Assert.Equal(DateTimeOffset.Parse(tick), JobSchedules.TickOf(cron, DateTimeOffset.Parse(enqueuedAt)));

    [Fact]
    public async Task ATickEnqueuedTwiceMakesOneRun()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll });
        var launcher = host.Services.GetRequiredService<JobLauncher>();
        var tick = DateTimeOffset.Parse("2026-12-04T03:00:00Z");

        var first = await launcher.CreateScheduledAsync("jobTick", "schedule:0:jobTick", [], tick, CancellationToken.None);
        var second = await launcher.CreateScheduledAsync("jobTick", "schedule:0:jobTick", [], tick, CancellationToken.None);
        var next = await launcher.CreateScheduledAsync("jobTick", "schedule:0:jobTick", [], tick.AddDays(1), CancellationToken.None);

        Assert.Equal(JobLauncher.TickId("schedule:0:jobTick", tick), first);
        Assert.Null(second);
        Assert.NotNull(next);
        Assert.NotEqual(first, next);
        Assert.Equal(2, (await JobsApi.RunsOfAsync(host.Client, "jobTick")).Count);
    }
}
