using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Production;

/// <summary>
/// Readiness (/parse/health/ready) checks the database and the session cache's channel, so an orchestrator
/// takes a process out while its database is gone; liveness (/parse/health) stays a cheap "ok".
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task OnSqliteAServerIsReady()
    {
        await using var host = await TestHost.StartAsync();
        var ready = await ReadyWhenAsync(host, "Healthy");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("""{"status":"Healthy","checks":{"database":"Healthy","userChanges":"Healthy"}}""", ready.Raw);
    }

    [Fact]
    public async Task WhileItsDatabaseIsGoneAServerIsAliveButNotReadyAndIsReadyAgainWhenItReturns()
    {
        await using var postgres = await PostgresServer.StartAsync(); // its own cluster: this test stops it
        await using var host = await TestHost.StartAsync(engine: StorageEngine.Postgres, postgresConnectionString: await postgres.CreateDatabaseAsync());
        Assert.Equal(HttpStatusCode.OK, (await ReadyWhenAsync(host, "Healthy")).Status);

        await postgres.StopAsync();
        var down = await ReadyWhenAsync(host, "Unhealthy");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.Status);
        Assert.Equal("Unhealthy", (string?)down.Body["checks"]!["database"]);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Get, "health")).Status);

        await postgres.StartAgainAsync();
        Assert.Equal(HttpStatusCode.OK, (await ReadyWhenAsync(host, "Healthy", seconds: 30)).Status);
    }

    [Theory]
    [InlineData("health/x")]
    [InlineData("health/ready/x")]
    [InlineData("health/ready/../x")]
    public async Task AnythingElseUnderHealthIsAParseErrorNotAServerError(string path)
    {
        await using var host = await TestHost.StartAsync();
        using var bare = await host.Http.GetAsync(path); // no keys: the envelope refuses it before any route
        var raw = await bare.Content.ReadAsStringAsync();
        Assert.True(bare.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {(int)bare.StatusCode} {raw}");
        Assert.Contains("\"error\"", raw);
        var keyed = await host.Client.RestAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.NotFound, keyed.Status);
        Assert.Equal(101, (int)keyed.Body["code"]!);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Get, "health")).Status);
    }

    /// <summary>Polls readiness (no keys needed) until its status is <paramref name="status"/>; fails after the time given.</summary>
    private static async Task<WireResponse> ReadyWhenAsync(TestHost host, string status, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            using var response = await host.Http.GetAsync("health/ready");
            var raw = await response.Content.ReadAsStringAsync();
            var answer = new WireResponse(response.StatusCode, ParseClient.Parse(raw), response.Headers, raw);
            if ((string?)answer.Body["status"] == status) return answer;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Readiness stayed {raw} for {seconds} s, never {status}.");
            await Task.Delay(100);
        }
    }
}
