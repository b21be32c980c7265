using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.Server.Jobs;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>The expired-data sweep is a recurring job of the jobs' scheduler, every Storage:SweepInterval as cron.</summary>
public sealed class SweepJobTests
{
    [Theory]
    [InlineData("00:00:00.100", "* * * * * *")]
    [InlineData("00:00:01", "* * * * * *")]
    [InlineData("00:00:15", "*/15 * * * * *")]
    [InlineData("00:01:00", "0 */1 * * * *")]
    [InlineData("00:10:00", "0 */10 * * * *")]
    [InlineData("06:00:00", "0 0 */6 * * *")]
    [InlineData("2.00:00:00", "0 0 0 * * *")]
    public void TheSweepIntervalBecomesACronExpression(string interval, string cron) =>
        Assert.Equal(cron, JobSchedules.CronOf(TimeSpan.Parse(interval)));

    [Theory]
    [InlineData(StorageEngine.Sqlite)]
    [InlineData(StorageEngine.Postgres)]
    public async Task TheSweepRunsAsARecurringJobAndDeletesWhatExpired(StorageEngine engine)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:SweepInterval"] = "00:00:01",
            ["Sessions:Lifetime"] = "01:00:00",
            ["Jobs:PollInterval"] = "00:00:00.200",
        }, engine: engine);
        await PhoneFlow.SignInAsync(host, Phones.NewMainland());
        Assert.Equal(1, await host.Database.CountAsync("sessions"));

        host.Time.Advance(TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline && await host.Database.CountAsync("sessions") > 0) await Task.Delay(100);

        Assert.Equal(0, await host.Database.CountAsync("sessions"));
        using var connection = host.Services.GetRequiredService<HangfireParts>().Storage.GetConnection();
        var sweep = Assert.Single(connection.GetRecurringJobs(), job => job.Id == JobSchedules.SweepId);
        Assert.Equal("* * * * * *", sweep.Cron);
        Assert.NotNull(sweep.LastExecution);
    }
}
