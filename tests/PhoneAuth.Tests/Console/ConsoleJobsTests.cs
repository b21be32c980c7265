using System.Net;
using PhoneAuth.Tests.Infrastructure;
using PhoneAuth.Tests.Jobs;

namespace PhoneAuth.Tests.Console;

/// <summary>The jobs view: the jobs defined and scheduled, and their runs from _JobStatus with status and message, newest first.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleJobsTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnOperatorSeesTheJobsAndEachRunsStatusAndMessage()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Console:Enabled"] = "true",
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Jobs:PollInterval"] = "00:00:00.200",
            ["Jobs:RetryDelay"] = "00:00:00",
            ["Jobs:Attempts"] = "1",
            ["Jobs:Schedules:0:Job"] = "jobTick",
            ["Jobs:Schedules:0:Cron"] = "0 3 * * *",
        });
        var console = await ConsoleClient.SignInAsync(host);
        var none = await Html(console, "/console/jobs");
        Assert.Contains("id=\"no-runs\"", none);
        Assert.Contains("jobArchiveDone", none);
        Assert.Contains("0 3 * * *", none);

        var counted = await JobsApi.StartAsync(host.Client, "jobCount", new { n = 2, stepMs = 50 });
        Assert.Equal("succeeded", (string?)(await JobsApi.WatchAsync(host.Client, counted, TimeSpan.FromSeconds(30))).Final["status"]);
        host.Time.Advance(TimeSpan.FromSeconds(1)); // the host's clock is the test's: the second run is a second newer
        var failed = await JobsApi.StartAsync(host.Client, "jobFailing");
        Assert.Equal("failed", (string?)(await JobsApi.WatchAsync(host.Client, failed, TimeSpan.FromSeconds(30))).Final["status"]);

        var runs = await Html(console, "/console/jobs");
        Assert.Contains("<h2>Runs (2)</h2>", runs);
        Assert.Contains($"/console/data/_JobStatus/{counted}", runs);
        Assert.Contains("step 2 of 2", runs);
        Assert.Contains("failed on attempt 1", runs);
        // Newest first: the failed run's row comes before the counted one's.
        Assert.True(runs.IndexOf(failed, StringComparison.Ordinal) < runs.IndexOf(counted, StringComparison.Ordinal), runs);
        var onlyCounted = await Html(console, "/console/jobs?job=jobCount");
        Assert.Contains("<h2>Runs (1)</h2>", onlyCounted);
        Assert.DoesNotContain("failed on attempt 1", onlyCounted);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.ServerUrl, "/console/login").ToString());
        await page.FillAsync("#master-key", TestHost.MasterKey);
        await page.PressAsync("#master-key", "Enter");
        await page.WaitForURLAsync("**/console/users");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("a[href='/console/jobs']")).ToBeVisibleAsync(); // the navigation links to it
        await page.GotoAsync(new Uri(host.ServerUrl, "/console/jobs").ToString());
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#runs tr.run")).ToHaveCountAsync(2);
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#runs tr.run[data-status='failed'] .message")).ToHaveTextAsync("failed on attempt 1");
        await BrowserFixture.ScreenshotAsync(page, "console-jobs");
    }

    private static async Task<string> Html(ConsoleClient console, string path)
    {
        var response = await console.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
