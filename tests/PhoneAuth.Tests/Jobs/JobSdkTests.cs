using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Jobs;

/// <summary>The official Parse JS SDK starts a job and follows its status, on each engine.</summary>
public sealed class JobSdkTests
{
    [Theory]
    [InlineData(StorageEngine.Sqlite)]
    [InlineData(StorageEngine.Postgres)]
    public async Task TheParseSdkStartsAJobAndReadsItsStatus(StorageEngine engine)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Jobs:PollInterval"] = "00:00:00.200",
        }, engine: engine);

        var seen = await NodeSdkScenario.RunAsync("jobs.js", NodeSdkScenario.ServerUrlOf(host.ServerUrl), TestHost.AppId, TestHost.MasterKey);

        Assert.Matches("^[A-Za-z0-9]{10}$", (string?)seen["jobStatusId"]);
        Assert.Equal("succeeded", (string?)seen["status"]);
        Assert.Equal("step 2 of 2", (string?)seen["message"]);
        Assert.Equal("jobCount", (string?)seen["jobName"]);
        Assert.Equal("api", (string?)seen["source"]);
        Assert.Equal(2, (int?)seen["params"]?["n"]);
        Assert.True((bool?)seen["finishedAtIsDate"]);
        Assert.True((bool?)seen["foundByQuery"]);
        Assert.Equal(141, (int?)seen["unknown"]?["code"]);
        Assert.Equal("Invalid job.", (string?)seen["unknown"]?["message"]);
        Assert.Equal(403, (int?)seen["clientStart"]?["status"]);
        Assert.Equal("unauthorized: master key is required", (string?)seen["clientStart"]?["body"]?["error"]);
        Assert.Equal(400, (int?)seen["clientFind"]?["status"]);
        Assert.Equal(119, (int?)seen["clientFind"]?["body"]?["code"]);
    }
}
