using System.Collections.Concurrent;
using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Production;

/// <summary>
/// The database goes away mid-traffic: requests answer 503 (retryable, with Retry-After), nothing
/// that was accepted is lost, and the server recovers by itself when the database returns.
/// </summary>
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task DuringAnOutageRequestsAre503AndTheServerRecoversWithNothingAcceptedLost()
    {
        await using var postgres = await PostgresServer.StartAsync(); // its own cluster: this test crashes it
        var connectionString = await postgres.CreateDatabaseAsync();
        await using var host = await TestHost.StartAsync(engine: StorageEngine.Postgres, postgresConnectionString: connectionString);
        var answers = new ConcurrentBag<(string Username, WireResponse Answer)>();
        using var stop = new CancellationTokenSource();

        async Task TrafficAsync(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var username = $"w{worker}-{i}";
                try
                {
                    answers.Add((username, await host.Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" })));
                }
                catch (HttpRequestException) { answers.Add((username, new WireResponse(0, new Newtonsoft.Json.Linq.JValue("connection failed"), new HttpResponseMessage().Headers, ""))); }
                await Task.Delay(20);
            }
        }
        var traffic = Task.WhenAll(Enumerable.Range(0, 4).Select(TrafficAsync));

        await WaitUntilAsync(() => answers.Count(a => a.Answer.Status == HttpStatusCode.Created) >= 20);
        await postgres.StopAsync();
        var beforeRestart = answers.Count;
        await WaitUntilAsync(() => answers.Skip(0).Count(a => a.Answer.Status == HttpStatusCode.ServiceUnavailable) >= 10);
        var phoneDuringOutage = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        await postgres.StartAgainAsync();
        var createdBeforeRecovery = answers.Count(a => a.Answer.Status == HttpStatusCode.Created);
        await WaitUntilAsync(() => answers.Count(a => a.Answer.Status == HttpStatusCode.Created) >= createdBeforeRecovery + 20, seconds: 30);
        stop.Cancel();
        await traffic;

        var statuses = answers.Select(a => a.Answer.Status).ToList();
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"unexpected {(int)s}"));
        var unavailable = answers.Where(a => a.Answer.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, a =>
        {
            Assert.Equal(1, a.Answer.Code);
            Assert.Equal("1", a.Answer.Headers.RetryAfter?.ToString());
        });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, phoneDuringOutage.Status);
        Assert.True(beforeRestart > 0);

        // Every sign-up that was answered 201 is in the database.
        var stored = await host.Database.DumpAsync();
        var accepted = answers.Where(a => a.Answer.Status == HttpStatusCode.Created).Select(a => a.Username).ToList();
        Assert.All(accepted, username => Assert.Contains($"'{username}'", stored));
        Assert.Contains("The service is temporarily unavailable", unavailable[0].Answer.Error);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true in time.");
            await Task.Delay(25);
        }
    }
}
