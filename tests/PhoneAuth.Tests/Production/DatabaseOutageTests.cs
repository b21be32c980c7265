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
        var objectAnswers = new ConcurrentBag<(string Tag, WireResponse Answer)>();
        var incrementAnswers = new ConcurrentBag<WireResponse>();
        using var stop = new CancellationTokenSource();
        var counter = await host.Client.RestAsync(HttpMethod.Post, "classes/Note", new { tag = "counter", n = 0 }, master: true);
        var counterPath = "classes/Note/" + counter.Body["objectId"];
        static WireResponse Failed() => new(0, new Newtonsoft.Json.Linq.JValue("connection failed"), new HttpResponseMessage().Headers, "");

        async Task TrafficAsync(int worker)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var username = $"w{worker}-{i}";
                try
                {
                    // Users, objects and increments of one object, side by side.
                    switch (worker % 3)
                    {
                        case 0: answers.Add((username, await host.Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" }))); break;
                        case 1: objectAnswers.Add((username, await host.Client.RestAsync(HttpMethod.Post, "classes/Note", new { tag = username }))); break;
                        default: incrementAnswers.Add(await host.Client.RestAsync(HttpMethod.Put, counterPath, new { n = new { __op = "Increment", amount = 1 } })); break;
                    }
                }
                catch (HttpRequestException)
                {
                    if (worker % 3 == 0) answers.Add((username, Failed()));
                    else if (worker % 3 == 1) objectAnswers.Add((username, Failed()));
                    else incrementAnswers.Add(Failed());
                }
                await Task.Delay(20);
            }
        }
        var traffic = Task.WhenAll(Enumerable.Range(0, 6).Select(TrafficAsync));

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

        // Every object answered 201 is stored; every increment answered 200 counted (one answered 503
        // may have committed before the connection dropped, never the other way round).
        Assert.All(objectAnswers.Select(a => a.Answer.Status), s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"unexpected {(int)s}"));
        Assert.All(incrementAnswers.Select(a => a.Status), s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"unexpected {(int)s}"));
        var notes = await host.Client.RestAsync(HttpMethod.Get, "classes/Note?limit=1000", master: true);
        var storedTags = notes.Body["results"]!.Select(n => (string?)n["tag"]).ToHashSet();
        var acceptedObjects = objectAnswers.Where(a => a.Answer.Status == HttpStatusCode.Created).Select(a => a.Tag).ToList();
        Assert.NotEmpty(acceptedObjects);
        Assert.All(acceptedObjects, tag => Assert.Contains(tag, storedTags));
        var total = (int)(await host.Client.RestAsync(HttpMethod.Get, counterPath, master: true)).Body["n"]!;
        var acknowledged = incrementAnswers.Count(a => a.Status == HttpStatusCode.OK);
        Assert.InRange(total, acknowledged, incrementAnswers.Count);
        Assert.Equal(acknowledged, incrementAnswers.Where(a => a.Status == HttpStatusCode.OK).Select(a => (int)a.Body["n"]!).Distinct().Count());
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
