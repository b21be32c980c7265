using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Production;

/// <summary>Two server processes on one SQLite file: each hears the other's logouts through the file, and their writes to one object queue in order.</summary>
public sealed class SqliteMultiProcessTests
{
    [Fact]
    public Task ALogoutOnOneProcessEndsTheSessionCachedByTheOtherWithinTheirPollInterval() => OnTwoProcessesAsync(async (first, second, folder) =>
    {
        var phone = Phones.NewMainland();
        await first.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = new Outbox(Path.Combine(folder, "outbox.jsonl")).LatestCode(phone);
        var token = (string)(await first.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))!;
        Assert.Equal(HttpStatusCode.OK, (await second.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status);

        await first.Client.RestAsync(HttpMethod.Post, "logout", sessionToken: token);

        Assert.True(await SessionCacheChecks.RefusedWithinAsync(second, token, TimeSpan.FromSeconds(1)), "a cached session outlived its logout on the other process");
    });

    [Fact]
    public Task AHundredConcurrentIncrementsFromTwoProcessesOnOneFileEndAtExactlyAHundred() => OnTwoProcessesAsync(async (first, second, _) =>
    {
        var created = await first.Client.RestAsync(HttpMethod.Post, "classes/Counter", new { n = 0 }, master: true);
        var path = "classes/Counter/" + created.Body["objectId"];

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            (i % 2 == 0 ? first : second).Client.RestAsync(HttpMethod.Put, path, new { n = new { __op = "Increment", amount = 1 } })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(Enumerable.Range(1, 100), answers.Select(a => (int)a.Body["n"]!).Order());
        Assert.Equal(100, (int)(await second.Client.RestAsync(HttpMethod.Get, path)).Body["n"]!);
    });

    /// <summary>Runs <paramref name="test"/> with two server processes on one new SQLite file (and one dev outbox) in a folder of its own.</summary>
    private static async Task OnTwoProcessesAsync(Func<ServerProcess, ServerProcess, string, Task> test)
    {
        var folder = Directory.CreateTempSubdirectory("phoneauth-sqlite-multi-").FullName;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "sqlite",
                ["Storage:ConnectionString"] = "Data Source=" + Path.Combine(folder, "shared.db"),
                ["Sms:Dev:OutboxPath"] = Path.Combine(folder, "outbox.jsonl"),
            };
            await using var first = await ServerProcess.StartAsync(settings);
            await using var second = await ServerProcess.StartAsync(settings);
            await test(first, second, folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
