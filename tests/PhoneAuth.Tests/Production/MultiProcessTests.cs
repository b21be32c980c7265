using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Production;

/// <summary>
/// Three server processes on one PostgreSQL database, as behind a proxy in production: every limit
/// and every single-use guarantee holds across them, and a logout or a user change on one reaches the
/// session caches of all within milliseconds.
/// </summary>
public sealed class MultiProcessTests(ThreeServers fixture) : IClassFixture<ThreeServers>
{
    private IReadOnlyList<ServerProcess> _servers => fixture.Servers;
    private DatabaseProbe _database => fixture.Database;
    private ServerProcess P1 => _servers[0];
    private ServerProcess P2 => _servers[1];
    private ServerProcess P3 => _servers[2];
    private Outbox Outbox => new(fixture.OutboxPath);


    [Fact]
    public async Task ThreeProcessesStartingTogetherApplyEachSchemaVersionOnce()
    {
        var versions = PhoneAuth.Server.Storage.Sql.SqlSchemaMigrator.LoadScripts("Postgres").Count;
        Assert.Equal(versions, await _database.CountAsync("schema_migrations"));
        foreach (var server in _servers) Assert.Equal(HttpStatusCode.OK, (await server.Client.RestAsync(HttpMethod.Get, "health")).Status);
    }

    [Fact]
    public async Task TheResendIntervalAndTheDailyLimitHoldAcrossProcesses()
    {
        var phone = Phones.NewMainland();
        Assert.Equal(HttpStatusCode.OK, (await P1.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Status);
        Assert.Equal(601, (await P2.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Code);
        Assert.Equal(601, (await P3.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Code);

        await Task.Delay(2050);
        Assert.Equal(HttpStatusCode.OK, (await P2.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Status);
        await Task.Delay(2050);
        Assert.Equal(HttpStatusCode.OK, (await P3.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Status);
        await Task.Delay(2050);
        var fourth = await P1.Client.CallAsync("requestSmsCode", new { phoneNumber = phone });
        Assert.Equal(601, fourth.Code);
        Assert.Contains("Too many codes", fourth.Error);
        Assert.Equal(3, Outbox.CountTo(phone));
    }

    [Fact]
    public async Task TheAttemptLimitHoldsAcrossProcesses()
    {
        var phone = Phones.NewMainland();
        await P1.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        foreach (var server in new[] { P1, P2, P3, P1, P2 })
            Assert.Equal(603, (await server.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong })).Code);
        Assert.Equal(603, (await P3.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code })).Code);
    }

    [Fact]
    public async Task ACodeIsConsumedOnceWhenVerificationsRaceOnDifferentProcesses()
    {
        var phone = Phones.NewMainland();
        await P2.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = Outbox.LatestCode(phone);

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            _servers[i % 3].Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => Assert.Equal(603, a.Code));
        var users = await P1.Client.RestAsync(HttpMethod.Get, $"users?count=1&limit=0&where={Uri.EscapeDataString($$"""{"phone":"{{phone}}"}""")}", master: true);
        Assert.Equal(1, (int)users.Body["count"]!);
    }

    [Fact]
    public async Task ALogoutOnOneProcessEndsTheSessionCachedByTheOthersWithinMilliseconds()
    {
        var phone = Phones.NewMainland();
        await P1.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var token = (string)(await P1.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = Outbox.LatestCode(phone) }))!;
        foreach (var server in _servers) Assert.Equal(HttpStatusCode.OK, (await server.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status);

        await P3.Client.RestAsync(HttpMethod.Post, "logout", sessionToken: token);

        Assert.Equal(209, (await P3.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Code); // its own cache: at once
        foreach (var server in new[] { P1, P2 })
            Assert.True(await SessionCacheChecks.RefusedWithinAsync(server, token, TimeSpan.FromSeconds(1)), "a cached session outlived its logout on another process");
    }

    [Fact]
    public async Task AChangeToAUserOnOneProcessIsServedByTheOthersWithinMilliseconds()
    {
        var phone = Phones.NewMainland();
        await P1.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var token = (string)(await P1.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = Outbox.LatestCode(phone) }))!;
        var me = await P2.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        Assert.Null(me.Body["nickname"]);

        await P1.Client.RestAsync(HttpMethod.Put, "users/" + (string)me.Body["objectId"]!, new { nickname = "Ada" }, sessionToken: token);

        var deadline = DateTime.UtcNow.AddSeconds(1);
        while ((string?)(await P2.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["nickname"] != "Ada")
        {
            Assert.True(DateTime.UtcNow < deadline, "a cached user outlived a change on another process");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task AHundredConcurrentIncrementsFromThreeProcessesEndAtExactlyAHundred()
    {
        var created = await P1.Client.RestAsync(HttpMethod.Post, "classes/Counter", new { n = 0 }, master: true);
        var path = "classes/Counter/" + created.Body["objectId"];
        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            _servers[i % 3].Client.RestAsync(HttpMethod.Put, path, new { n = new { __op = "Increment", amount = 1 } })));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        // Each answer is the total after its own increment: 1 to 100, each once.
        Assert.Equal(Enumerable.Range(1, 100), answers.Select(a => (int)a.Body["n"]!).Order());
        Assert.Equal(100, (int)(await P3.Client.RestAsync(HttpMethod.Get, path)).Body["n"]!);
    }

    [Fact]
    public async Task ASchemaOrRoleChangeOnOneProcessIsSeenByTheOthersWithinASecond()
    {
        var className = "Shared" + Guid.NewGuid().ToString("N")[..8];
        await P1.Client.RestAsync(HttpMethod.Post, "schemas/" + className, new { fields = new { n = new { type = "Number" } } }, master: true);
        // Another process has the schema cached as soon as it serves the class.
        Assert.Equal(HttpStatusCode.Created, (await P2.Client.RestAsync(HttpMethod.Post, "classes/" + className, new { n = 1 })).Status);

        var locked = await P1.Client.RestAsync(HttpMethod.Put, "schemas/" + className, new
        {
            classLevelPermissions = new
            {
                find = new Dictionary<string, bool> { ["*"] = true }, get = new Dictionary<string, bool> { ["*"] = true }, count = new Dictionary<string, bool> { ["*"] = true },
                create = new { }, update = new Dictionary<string, bool> { ["*"] = true }, delete = new Dictionary<string, bool> { ["*"] = true }, addField = new Dictionary<string, bool> { ["*"] = true },
            },
        }, master: true);
        Assert.Equal(HttpStatusCode.OK, locked.Status);
        var refusedAt = await FirstAsync(async () => (await P2.Client.RestAsync(HttpMethod.Post, "classes/" + className, new { n = 2 })).Code == 119);
        Assert.True(refusedAt < TimeSpan.FromSeconds(1.5), $"the other process still created objects {refusedAt.TotalMilliseconds:F0} ms after the change");

        var signUp = await P1.Client.RestAsync(HttpMethod.Post, "users", new { username = "role-" + className, password = "pw" });
        var (userId, token) = ((string)signUp.Body["objectId"]!, (string)signUp.Body["sessionToken"]!);
        var role = await P1.Client.RestAsync(HttpMethod.Post, "roles", new { name = "Readers" + className, ACL = new { } }, master: true);
        var secret = await P1.Client.RestAsync(HttpMethod.Post, "classes/" + className,
            new Newtonsoft.Json.Linq.JObject { ["n"] = 3, ["ACL"] = new Newtonsoft.Json.Linq.JObject { ["role:Readers" + className] = new Newtonsoft.Json.Linq.JObject { ["read"] = true } } }, master: true);
        var secretPath = $"classes/{className}/{secret.Body["objectId"]}";
        Assert.Equal(404, (int)(await P2.Client.RestAsync(HttpMethod.Get, secretPath, sessionToken: token)).Status);

        await P1.Client.RestAsync(HttpMethod.Put, "roles/" + role.Body["objectId"],
            new { users = new { __op = "AddRelation", objects = new[] { new { __type = "Pointer", className = "_User", objectId = userId } } } }, master: true);
        var readableAt = await FirstAsync(async () => (await P2.Client.RestAsync(HttpMethod.Get, secretPath, sessionToken: token)).Status == HttpStatusCode.OK);
        Assert.True(readableAt < TimeSpan.FromSeconds(1.5), $"the other process ignored the new role member for {readableAt.TotalMilliseconds:F0} ms");
    }

    /// <summary>How long until <paramref name="condition"/> first holds (polled every 20 ms, for at most 5 s).</summary>
    private static async Task<TimeSpan> FirstAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            if (await condition()) return clock.Elapsed;
            await Task.Delay(20);
        }
        return TimeSpan.MaxValue;
    }

    [Fact]
    public async Task FunctionRateLimitsLockoutAndRequestIdsHoldAcrossProcesses()
    {
        Assert.Equal(HttpStatusCode.OK, (await P1.Client.CallAsync("limitedHello", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await P2.Client.CallAsync("limitedHello", new { })).Status);
        (await P3.Client.CallAsync("limitedHello", new { })).AssertError(HttpStatusCode.TooManyRequests, 100, "Only two hellos a minute.");

        await P1.Client.RestAsync(HttpMethod.Post, "users", new { username = "shared-lock", password = "right" });
        foreach (var server in _servers)
            Assert.Equal("Invalid username/password.", (await server.Client.RestAsync(HttpMethod.Post, "login", new { username = "shared-lock", password = "wrong" })).Error);
        Assert.StartsWith("Your account is locked", (await P2.Client.RestAsync(HttpMethod.Post, "login", new { username = "shared-lock", password = "right" })).Error);

        var headers = new Dictionary<string, string> { ["X-Parse-Request-Id"] = Guid.NewGuid().ToString() };
        var phone = Phones.NewMainland();
        Assert.Equal(HttpStatusCode.OK, (await P1.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: headers)).Status);
        Assert.Equal(159, (await P2.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: headers)).Code);
        Assert.Equal(1, Outbox.CountTo(phone));
    }
}

internal static class SessionCacheChecks
{
    /// <summary>Polls users/me until the token is refused (209); false when it is still accepted after <paramref name="within"/>.</summary>
    public static async Task<bool> RefusedWithinAsync(ServerProcess server, string token, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        do
        {
            if ((await server.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Code == 209) return true;
            await Task.Delay(10);
        } while (DateTime.UtcNow < deadline);
        return false;
    }
}

/// <summary>Three server processes started at once on one empty PostgreSQL database, shared by a test class.</summary>
public sealed class ThreeServers : IAsyncLifetime
{
    public IReadOnlyList<ServerProcess> Servers { get; private set; } = [];
    public DatabaseProbe Database { get; private set; } = null!;
    public string OutboxPath { get; } = Path.Combine(Directory.CreateTempSubdirectory("phoneauth-multi-").FullName, "outbox.jsonl");

    public async Task InitializeAsync()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        Database = new DatabaseProbe(StorageEngine.Postgres, connectionString);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Sms:Dev:OutboxPath"] = OutboxPath,
            // Long enough that the two refusals below come within it on a loaded machine, short enough to wait out.
            ["PhoneAuth:ResendInterval"] = "00:00:02",
            ["PhoneAuth:DailyLimitPerNumber"] = "3",
            ["Users:AccountLockout:Threshold"] = "3",
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
        };
        // All three start at once on an empty database: the schema must be applied exactly once.
        Servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServerProcess.StartAsync(settings)));
    }

    public async Task DisposeAsync()
    {
        foreach (var server in Servers) await server.DisposeAsync();
        Directory.Delete(Path.GetDirectoryName(OutboxPath)!, recursive: true);
    }
}
