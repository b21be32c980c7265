using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Import;

/// <summary>
/// What a row of an export says is only its author's word: a value that cannot be read rejects that row,
/// never the import. On both engines, through the import command as an operator runs it.
/// </summary>
public abstract class ImportRowContentTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> ExportAsync(string name, params string[] lines)
    {
        var path = Path.Combine(_host.DataDirectory, name);
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    [Fact]
    public async Task AMalformedDateOrNumberRejectsItsRowAndTheImportGoesOn()
    {
        var parse = await ExportAsync("parse.json",
            """{"_id":"badDate001","username":"d1","_created_at":{"$date":{"$numberLong":"x"}}}""",
            """{"_id":"badDate002","username":"d2","createdAt":1e30}""",
            """{"_id":"badDate003","username":"d3","_created_at":99999999999999999}""",
            """{"_id":"badNumber1","username":"n1","score":{"$numberLong":"five"}}""",
            """{"_id":"badDate004","username":"d4","birthday":{"$date":"soon"}}""",
            """{"_id":"badDate005","username":"d5","updatedAt":"yesterday"}""",
            """{"_id":"goodRow001","username":"good","_created_at":{"$date":{"$numberLong":"1577836800000"}},"seen":{"$date":"2021-01-01T00:00:00Z"}}""");
        var leanCloud = await ExportAsync("_User.jsonl",
            """{"objectId":"5d83436b9c9235000886cc01","username":"lc-bad","createdAt":1e30}""",
            """{"objectId":"5d83436b9c9235000886cc02","username":"lc-bad-2","updatedAt":{"__type":"Date","iso":"not a date"}}""",
            """{"objectId":"5d83436b9c9235000886cc03","username":"lc-good","createdAt":"2019-09-19T08:59:23.178Z"}""");

        foreach (var dryRun in new[] { true, false })
        {
            string[] flags = dryRun ? ["--dry-run"] : [];
            var (exit, output) = await ImportRun.RunAsync(_host, ["parse-json", parse, .. flags]);
            Assert.True(exit == 1, output);
            Assert.Contains($"{(dryRun ? "Would import" : "Imported")} 1 users, 0 already present, 6 rejected.", output);
            Assert.Contains("""line 1: _created_at is not a date: {"$date":{"$numberLong":"x"}} (objectId badDate001)""", output);
            Assert.Contains("line 2: createdAt is not a date: 1e30 (objectId badDate002)", output);
            Assert.Contains("line 3: _created_at is not a date: 99999999999999999 (objectId badDate003)", output);
            Assert.Contains("""line 4: score is not a number: "five" (objectId badNumber1)""", output);
            Assert.Contains("""line 5: birthday is not a date: {"$date":"soon"} (objectId badDate004)""", output);
            Assert.Contains("""line 6: updatedAt is not a date: "yesterday" (objectId badDate005)""", output);
            Assert.DoesNotContain("Unhandled exception", output);

            (exit, output) = await ImportRun.RunAsync(_host, ["leancloud", leanCloud, .. flags]);
            Assert.True(exit == 1, output);
            Assert.Contains($"{(dryRun ? "Would import" : "Imported")} 1 users, 0 already present, 2 rejected.", output);
            Assert.Contains("line 1: createdAt is not a date: 1e30 (objectId 5d83436b9c9235000886cc01)", output);
            Assert.Contains("""line 2: updatedAt is not a date: {"__type":"Date","iso":"not a date"} (objectId 5d83436b9c9235000886cc02)""", output);
            Assert.Equal(dryRun ? 0 : 2, await _host.Database.CountAsync("users"));
        }

        var good = await _host.Client.RestAsync(HttpMethod.Get, "users/goodRow001", master: true);
        Assert.Equal("2020-01-01T00:00:00.000Z", (string?)good.Body["createdAt"]);
        Assert.Equal("2021-01-01T00:00:00.000Z", (string?)good.Body["seen"]!["iso"]);
    }

    [Fact]
    public async Task ImportedUsersLosePublicReadUnlessTheOperatorKeepsIt()
    {
        // Parse Server before 6 made every user public: _rperm ["*"] in its databases, "*" in its ACLs.
        var parse = await ExportAsync("parse.json",
            """{"_id":"rpermUser1","username":"rperm","_rperm":["*","rpermUser1"],"_wperm":["rpermUser1"]}""",
            """{"objectId":"restUser01","username":"rest","ACL":{"*":{"read":true},"restUser01":{"read":true,"write":true}}}""",
            """{"_id":"mongoUser1","username":"mongo","_acl":{"*":{"r":true},"mongoUser1":{"r":true,"w":true}}}""",
            """{"_id":"privUser01","username":"private","ACL":{"privUser01":{"read":true,"write":true}}}""");
        var leanCloud = await ExportAsync("_User.jsonl",
            """{"objectId":"5d83436b9c9235000886cd01","username":"lc-public","ACL":{"*":{"read":true,"write":true}}}""");

        var (exit, output) = await ImportRun.RunAsync(_host, "parse-json", parse, "--dry-run");
        Assert.True(exit == 0, output);
        Assert.Contains("Would remove public read from the ACL of 3 users (--keep-public-read keeps it).", output);
        (exit, output) = await ImportRun.RunAsync(_host, "parse-json", parse);
        Assert.True(exit == 0, output);
        Assert.Contains("Removed public read from the ACL of 3 users (--keep-public-read keeps it).", output);
        (exit, output) = await ImportRun.RunAsync(_host, "leancloud", leanCloud);
        Assert.True(exit == 0, output);
        Assert.Contains("Removed public read from the ACL of 1 users", output);

        Assert.Equal("""{"rpermUser1":{"read":true,"write":true}}""", await AclAsync(_host, "rpermUser1"));
        Assert.Equal("""{"restUser01":{"read":true,"write":true}}""", await AclAsync(_host, "restUser01"));
        Assert.Equal("""{"*":{"write":true}}""", await AclAsync(_host, "5d83436b9c9235000886cd01"));
        Assert.Equal(["viewer"], await ListedToAnotherUserAsync(_host));

        await using var keeping = await TestHost.StartAsync(engine: engine);
        (exit, output) = await ImportRun.RunAsync(keeping, "parse-json", parse, "--keep-public-read");
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Removed public read", output);
        Assert.Equal("""{"*":{"read":true},"restUser01":{"read":true,"write":true}}""", await AclAsync(keeping, "restUser01"));
        Assert.Equal(["mongo", "rest", "rperm", "viewer"], await ListedToAnotherUserAsync(keeping));
    }

    private static async Task<string> AclAsync(TestHost host, string id) =>
        (await host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["ACL"]!.ToString(Newtonsoft.Json.Formatting.None);

    /// <summary>The usernames a user who just signed up sees when listing users.</summary>
    private static async Task<string[]> ListedToAnotherUserAsync(TestHost host)
    {
        var viewer = await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "viewer", password = "pw" });
        var listed = await host.Client.RestAsync(HttpMethod.Get, "users", sessionToken: (string?)viewer.Body["sessionToken"]);
        return [.. listed.Body["results"]!.Select(u => (string)u["username"]!).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task AUserWhoseBcryptCostIsAboveTheMaximumIsImportedAndReported()
    {
        var parse = await ExportAsync("parse.json",
            $$"""{"_id":"costly0001","username":"costly","_hashed_password":"{{BCrypt.Net.BCrypt.HashPassword("pw", 13)}}"}""",
            $$"""{"_id":"usual00001","username":"usual","_hashed_password":"{{BCrypt.Net.BCrypt.HashPassword("pw", 10)}}"}""");

        foreach (var flags in new[] { new[] { "--dry-run" }, [] })
        {
            var (exit, output) = await ImportRun.RunAsync(_host, ["parse-json", parse, .. flags]);
            Assert.True(exit == 1, output);
            Assert.Contains(" 2 users, 0 already present, 0 rejected.", output);
            Assert.Contains("warning line 1: the password's bcrypt cost 13 is above Users:MaxBcryptCost (12): it will not be checked,"
                + " so this user must reset the password (objectId costly0001)", output);
            Assert.DoesNotContain("line 2", output);
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "usual", password = "pw" })).Status);
        (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "costly", password = "pw" }))
            .AssertError(System.Net.HttpStatusCode.NotFound, 101, "Invalid username/password.");
    }

    [Fact]
    public async Task ARowTheDatabaseRefusesIsRejectedAndTheImportGoesOn()
    {
        var parse = await ExportAsync("parse.json",
            """{"_id":"nulInName1","username":"nul\u0000name"}""",
            """{"_id":"afterNul01","username":"after"}""");
        var (exit, output) = await ImportRun.RunAsync(_host, "parse-json", parse);
        Assert.DoesNotContain("Unhandled exception", output);
        if (engine == StorageEngine.Postgres)
        {
            // PostgreSQL's text holds no NUL character; SQLite's does.
            Assert.True(exit == 1, output);
            Assert.Contains("line 1: the database refused it: 22021: invalid byte sequence for encoding \"UTF8\": 0x00 (objectId nulInName1)", output);
        }
        else Assert.True(exit == 0, output);
        Assert.NotNull((await _host.Client.RestAsync(HttpMethod.Get, "users/afterNul01", master: true)).Body["username"]);
    }
}

public sealed class ImportRowContentTestsOnSqlite() : ImportRowContentTests(StorageEngine.Sqlite);

public sealed class ImportRowContentTestsOnPostgres() : ImportRowContentTests(StorageEngine.Postgres);
