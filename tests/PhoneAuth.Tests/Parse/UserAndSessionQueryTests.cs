using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Parse;

/// <summary>
/// User and session queries as the official Parse JS SDK makes them (its own ParseUserTest's calls),
/// on each engine, and the same script against Parse Server 9, whose answers are the reference.
/// </summary>
public abstract class UserAndSessionQueryTests(StorageEngine engine)
{
    private static void AssertParseServerShape(JObject seen)
    {
        // A token rides along only where Parse Server returns one: not in query results.
        Assert.False((bool)seen["getCarriesToken"]!);
        Assert.All((JArray)seen["findCarriesToken"]!, carries => Assert.False((bool)carries!));

        // Sessions come oldest first by default, and order is honoured both ways.
        var byDefault = ((JArray)seen["defaultOrder"]!).Select(s => (string)s["createdAt"]!).ToList();
        var ascending = ((JArray)seen["ascending"]!).Select(s => (string)s["createdAt"]!).ToList();
        var descending = ((JArray)seen["descending"]!).Select(s => (string)s["createdAt"]!).ToList();
        Assert.Equal(2, byDefault.Count);
        Assert.Equal(byDefault.Order(StringComparer.Ordinal), byDefault);
        Assert.Equal(byDefault, ascending);
        Assert.Equal(byDefault.AsEnumerable().Reverse(), descending);

        // The caller's own session is listed with its token.
        Assert.Contains((JArray)seen["ownSessions"]!, s => (bool)s["tokenIsSecond"]!);
    }

    [Fact]
    public async Task TheSdksUserAndSessionQueriesAnswerAsParseServerDoes()
    {
        await using var host = await TestHost.StartAsync(engine: engine);
        // The host's clock is the test's: move it along as real time would, so the two sessions differ in age.
        using var stop = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                host.Time.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Delay(5);
            }
        });
        var seen = await NodeSdkScenario.RunAsync("user-session-queries.js", NodeSdkScenario.ServerUrlOf(host.ServerUrl), TestHost.AppId, TestHost.MasterKey);
        await stop.CancelAsync();
        await ticking;
        AssertParseServerShape(seen);

        // Departures, each documented: only token hashes are stored, so the master key's list carries
        // no token but the caller's; and no "restricted" field.
        // (The SDK sends the current user's token along with the master key: that session's token is known.)
        Assert.All((JArray)seen["defaultOrder"]!, s => Assert.Equal((bool)s["tokenIsSecond"]!, (bool)s["hasToken"]!));
        Assert.All((JArray)seen["defaultOrder"]!, s => Assert.DoesNotContain("restricted", s["keys"]!.Select(k => (string)k!)));
    }

    /// <summary>The reference: the same script against Parse Server 9 shows the same shape (and every token to the master key).</summary>
    public static async Task ParseServer9AnswersTheSameScriptTheSameWayAsync()
    {
        await using var parse = await ParseServerProcess.StartAsync();
        var seen = await NodeSdkScenario.RunAsync("user-session-queries.js", NodeSdkScenario.ServerUrlOf(parse.ServerUrl), ParseServerProcess.AppId, ParseServerProcess.MasterKey);
        AssertParseServerShape(seen);
        Assert.All((JArray)seen["defaultOrder"]!, s => Assert.True((bool)s["hasToken"]!));
    }
}

public sealed class UserAndSessionQueriesOnParseServer9
{
    [Fact]
    public Task ParseServer9AnswersTheSameScriptTheSameWay() => UserAndSessionQueryTests.ParseServer9AnswersTheSameScriptTheSameWayAsync();
}

public sealed class UserAndSessionQueryTestsOnSqlite() : UserAndSessionQueryTests(StorageEngine.Sqlite);

public sealed class UserAndSessionQueryTestsOnPostgres() : UserAndSessionQueryTests(StorageEngine.Postgres);
