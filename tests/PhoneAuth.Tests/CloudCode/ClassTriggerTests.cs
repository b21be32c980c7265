using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.CloudCode;

/// <summary>
/// Triggers on application classes through REST (/parse, /1.1, batch) on the real host, on each engine:
/// Parse Server's request fields and rules, the timeout, and the bound on triggers that write.
/// </summary>
public abstract class ClassTriggerTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;
    private readonly Module _module = new();
    private ParseClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(
        LeanCloudClient.Settings(new() { ["CloudCode:TriggerTimeout"] = "00:00:00.500" }),
        services: s => s.AddSingleton<ICloudCodeModule>(_module), engine: engine);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task WhereClientsMayCreateClassesAClientsFirstWriteMeetsTheClasssTriggers()
    {
        var module = new Module();
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Parse:AllowClientClassCreation"] = "true" },
            services: s => s.AddSingleton<ICloudCodeModule>(module), engine: engine);
        // The class does not exist yet: this write makes it, and its beforeSave and afterSave run as on any write.
        var created = await host.Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "first" });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.Status);
        Assert.Equal("FIRST", (string?)created.Body["normalized"]);
        var refused = await host.Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "refuse" });
        refused.AssertError(System.Net.HttpStatusCode.BadRequest, 142, "No refusals.");
        Assert.Contains(module.Seen, s => s.StartsWith("afterSave first FIRST", StringComparison.Ordinal));
    }

    private sealed class Module : ICloudCodeModule
    {
        public readonly ConcurrentQueue<string> Seen = new();

        public void Register(CloudFunctionRegistry cloud)
        {
            cloud.OnClass("Score")
                .BeforeSave(request =>
                {
                    var name = request.Object.Get<string>("name");
                    if (name == "refuse") throw new CloudFunctionException(142, "No refusals.");
                    if (name == "crash") throw new InvalidOperationException("beforeSave crashed");
                    if (name == "hang") Thread.Sleep(3000); // blocks its thread, as careless code does
                    request.Object.Set("normalized", name?.ToUpperInvariant());
                    if (request.Object["temp"] is not null) request.Object.Unset("temp");
                    if (request.Original is not null) request.Object.Increment("edits");
                    Seen.Enqueue($"beforeSave {name} master={request.Master} user={request.User?.Username} original={request.Original?.Get<string>("name")} ip={request.Ip is not null} ctx={request.Context["tag"]} installation={request.InstallationId} headers={request.Headers.ContainsKey("X-Parse-Application-Id")}");
                    return Task.CompletedTask;
                })
                .AfterSave(request =>
                {
                    Seen.Enqueue($"afterSave {request.Object.Get<string>("name")} {request.Object.Get<string>("normalized")}");
                    return request.Object.Get<string>("name") == "afterfail" ? throw new InvalidOperationException("afterSave is broken") : Task.CompletedTask;
                })
                .BeforeDelete(request => request.Object.Get<bool>("locked") ? throw new CloudFunctionException(119, "This score is locked.") : Task.CompletedTask)
                .AfterDelete(request =>
                {
                    Seen.Enqueue($"afterDelete {request.Object.Get<string>("name")}");
                    return Task.CompletedTask;
                })
                .BeforeFind(request =>
                {
                    request.Query.NotEqualTo("hidden", true);
                    Seen.Enqueue($"beforeFind get={request.IsGet}");
                    return Task.CompletedTask;
                })
                .AfterFind(request =>
                {
                    if (request.Objects.Any(o => o.Get<string>("name") == "poison")) throw new InvalidOperationException("afterFind refused");
                    request.Objects.RemoveAll(o => o.Get<string>("name") == "secret");
                    foreach (var o in request.Objects) o.Set("seenBy", request.Master ? "master" : "client");
                    return Task.CompletedTask;
                });

            // Each save saves another: the depth bound ends the chain.
            cloud.OnClass("Echo").AfterSave(async request => await request.Data.AsMaster().SaveAsync(new ParseObject("Echo").Set("n", request.Object.Get<int>("n") + 1)));
            cloud.OnClass("Loop").BeforeSave(async request => await request.Data.AsMaster().SaveAsync(new ParseObject("Loop").Set("n", 1)));

            cloud.Define("saveScore", async request =>
            {
                var score = new ParseObject("Score").Set("name", request.RequireString("name"));
                await request.Data.AsMaster().SaveAsync(score, request.CancellationToken);
                var read = await request.Data.AsMaster().GetAsync("Score", score.Id!, request.CancellationToken);
                return new System.Text.Json.Nodes.JsonObject { ["saved"] = score.Get<string>("normalized"), ["read"] = read.Get<string>("seenBy") };
            });

            // Careless triggers: a query replaced by nothing, results padded with nothing and with strangers.
            cloud.OnClass("Odd").BeforeFind(request =>
            {
                request.Query.Query = null!;
                return Task.CompletedTask;
            });
            cloud.OnClass("Careless").BeforeFind(request =>
            {
                request.Query.Query = request.Query.Query with { Skip = -5 };
                return Task.CompletedTask;
            });
            cloud.OnClass("Odd2").AfterFind(request =>
            {
                request.Objects.Add(null!);
                request.Objects.Add(new ParseObject("Stranger"));
                return Task.CompletedTask;
            });

            cloud.OnClass("Guarded").BeforeSave(_ => Task.CompletedTask, new CloudFunctionRules
            {
                RequireUser = true,
                Fields = new Dictionary<string, FieldRule>
                {
                    ["title"] = new() { Type = FieldType.String, Required = true },
                    ["status"] = new() { Type = FieldType.String, Default = "new" },
                },
            });
        }
    }

    private async Task<string> CreateAsync(string className, object body, bool master = true)
    {
        var created = await Client.RestAsync(HttpMethod.Post, "classes/" + className, body, master: master);
        Assert.True(created.Status == HttpStatusCode.Created, created.Raw);
        return (string)created.Body["objectId"]!;
    }

    [Fact]
    public void TriggersAreDefinedOncePerClassAndNotOnSessions()
    {
        var registry = new CloudFunctionRegistry();
        registry.OnClass("Score").BeforeSave(_ => Task.CompletedTask);
        Assert.Throws<InvalidOperationException>(() => registry.OnClass("Score").BeforeSave(_ => Task.CompletedTask));
        Assert.Throws<ArgumentException>(() => registry.OnClass("_Session"));
        Assert.Throws<ArgumentException>(() => registry.OnClass("_User"));
        Assert.Throws<ArgumentException>(() => registry.OnClass("Score").AfterSave(_ => Task.CompletedTask, new CloudFunctionRules { RequireMaster = true, RequireUser = true }));
    }

    [Fact]
    public async Task BeforeSaveChangesTheObjectAndTheAnswerCarriesTheChange()
    {
        var created = await Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "ada" }, master: true);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("ADA", (string?)created.Body["normalized"]);
        var id = (string)created.Body["objectId"]!;

        var updated = await Client.RestAsync(HttpMethod.Put, "classes/Score/" + id, new { name = "bob" }, master: true);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        var read = await Client.RestAsync(HttpMethod.Get, "classes/Score/" + id, master: true);
        Assert.Equal("BOB", (string?)read.Body["normalized"]);
        Assert.Equal(1, (int)read.Body["edits"]!);
        Assert.Contains(_module.Seen, s => s.StartsWith("beforeSave bob master=True", StringComparison.Ordinal) && s.Contains("original=ada"));
        Assert.Contains("afterSave bob BOB", _module.Seen);
    }

    [Fact]
    public async Task TriggersSeeTheCallersUserInstallationIpHeadersAndContext()
    {
        await CreateAsync("Score", new { name = "seed" });
        var username = "carol-" + Guid.NewGuid().ToString("N")[..8];
        var token = (string)(await Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" })).Body["sessionToken"]!;
        var created = await Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "carol" }, sessionToken: token,
            headers: new Dictionary<string, string> { ["X-Parse-Installation-Id"] = "inst-1", ["X-Parse-Cloud-Context"] = "{\"tag\":\"t1\"}" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Contains($"beforeSave carol master=False user={username} original= ip=True ctx=t1 installation=inst-1 headers=True", _module.Seen);
    }

    [Fact]
    public async Task AnAfterFindThatThrowsRefusesTheQueryAsInParse()
    {
        await CreateAsync("Score", new { name = "poison" });
        (await Client.RestAsync(HttpMethod.Get, "classes/Score", master: true)).AssertError(HttpStatusCode.BadRequest, 141, "afterFind refused");
    }

    [Fact]
    public async Task BeforeSaveRefusesWithItsCodeOr141AndNothingIsStored()
    {
        (await Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "refuse" }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 142, "No refusals.");
        (await Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "crash" }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 141, "beforeSave crashed");
        var all = await Client.RestAsync(HttpMethod.Get, "classes/Score", master: true);
        Assert.Empty((JArray)all.Body["results"]!);
    }

    [Fact]
    public async Task AFieldBeforeSaveRemovesIsAnsweredAsADeleteAndNotStored()
    {
        var created = await Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "tmp", temp = 1 }, master: true);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Delete", (string?)created.Body["temp"]!["__op"]);
        var read = await Client.RestAsync(HttpMethod.Get, "classes/Score/" + (string)created.Body["objectId"]!, master: true);
        Assert.Null(read.Body["temp"]);
    }

    [Fact]
    public async Task AnAfterSaveThatThrowsLeavesTheWriteStanding()
    {
        var id = await CreateAsync("Score", new { name = "afterfail" });
        var read = await Client.RestAsync(HttpMethod.Get, "classes/Score/" + id, master: true);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Contains("afterSave is broken", _host.Logs.All);
    }

    [Fact]
    public async Task BeforeDeleteRefusesAndAfterDeleteSeesTheDeletedObject()
    {
        var locked = await CreateAsync("Score", new { name = "keep", locked = true });
        (await Client.RestAsync(HttpMethod.Delete, "classes/Score/" + locked, master: true)).AssertError(HttpStatusCode.BadRequest, 119, "This score is locked.");
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Get, "classes/Score/" + locked, master: true)).Status);

        var gone = await CreateAsync("Score", new { name = "gone" });
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Delete, "classes/Score/" + gone, master: true)).Status);
        Assert.Contains("afterDelete gone", _module.Seen);
    }

    [Fact]
    public async Task BeforeFindNarrowsTheQueryAndAfterFindChangesTheResults()
    {
        await CreateAsync("Score", new { name = "shown" });
        var hidden = await CreateAsync("Score", new { name = "hidden", hidden = true });
        await CreateAsync("Score", new { name = "secret" });

        var found = (JArray)(await Client.RestAsync(HttpMethod.Get, "classes/Score", master: true)).Body["results"]!;
        Assert.Equal(["shown"], found.Select(o => (string)o["name"]!));
        Assert.Equal("master", (string?)found[0]["seenBy"]);
        (await Client.RestAsync(HttpMethod.Get, "classes/Score/" + hidden, master: true)).AssertError(HttpStatusCode.NotFound, 101);
        Assert.Contains("beforeFind get=True", _module.Seen);
    }

    [Fact]
    public async Task ANegativeSkipFromATriggerSkipsNothing()
    {
        await CreateAsync("Careless", new { name = "a" });
        await CreateAsync("Careless", new { name = "b" });
        var found = (JArray)(await Client.RestAsync(HttpMethod.Get, "classes/Careless?order=name", master: true)).Body["results"]!;
        Assert.Equal(["a", "b"], found.Select(o => (string)o["name"]!));
    }

    [Fact]
    public async Task TriggersRunInBatchesWithEachRequestsOwnAnswer()
    {
        var batch = await Client.RestAsync(HttpMethod.Post, "batch", new
        {
            requests = new object[]
            {
                new { method = "POST", path = "/parse/classes/Score", body = new { name = "one" } },
                new { method = "POST", path = "/parse/classes/Score", body = new { name = "crash" } },
                new { method = "POST", path = "/parse/classes/Score", body = new { name = "refuse" } },
            },
        }, master: true);
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        Assert.Equal("ONE", (string?)batch.Body[0]!["success"]!["normalized"]);
        Assert.Equal(141, (int)batch.Body[1]!["error"]!["code"]!);
        Assert.Equal("beforeSave crashed", (string?)batch.Body[1]!["error"]!["error"]);
        Assert.Equal(142, (int)batch.Body[2]!["error"]!["code"]!);
        Assert.Equal("No refusals.", (string?)batch.Body[2]!["error"]!["error"]);

        // In a transaction the first refusal is the answer, with the trigger's own code, and nothing is written.
        var transaction = await Client.RestAsync(HttpMethod.Post, "batch", new
        {
            transaction = true,
            requests = new object[]
            {
                new { method = "POST", path = "/parse/classes/Score", body = new { name = "two" } },
                new { method = "POST", path = "/parse/classes/Score", body = new { name = "refuse" } },
            },
        }, master: true);
        transaction.AssertError(HttpStatusCode.BadRequest, 142, "No refusals.");
        var found = (JArray)(await Client.RestAsync(HttpMethod.Get, "classes/Score", master: true)).Body["results"]!;
        Assert.Equal(["one"], found.Select(o => (string)o["name"]!));
    }

    [Fact]
    public async Task TriggersRunInLeanCloudBatches()
    {
        var lean = new LeanCloudClient(_host);
        var batch = await lean.CallAsync(HttpMethod.Post, "batch", new
        {
            requests = new object[]
            {
                new { method = "POST", path = "/1.1/classes/Score", body = new { name = "lc" } },
                new { method = "POST", path = "/1.1/classes/Score", body = new { name = "refuse" } },
            },
        }, auth: LeanCloudAuth.MasterKey);
        Assert.True(batch.Status == HttpStatusCode.OK, batch.Raw);
        Assert.NotNull(batch.Body[0]!["success"]);
        Assert.Equal(142, (int)batch.Body[1]!["error"]!["code"]!);
        var stored = (JArray)(await Client.RestAsync(HttpMethod.Get, "classes/Score", master: true)).Body["results"]!;
        Assert.Equal("LC", (string?)stored.Single()["normalized"]);
    }

    [Fact]
    public async Task BeforeSaveAndAfterFindRunForTheLeanCloudDialect()
    {
        var lean = new LeanCloudClient(_host);
        var created = await lean.CallAsync(HttpMethod.Post, "classes/Score?fetchWhenSave=true", new { name = "lean" }, auth: LeanCloudAuth.MasterKey);
        Assert.True(created.Status == HttpStatusCode.Created, created.Raw);
        Assert.Equal("LEAN", (string?)created.Body["normalized"]);
        await lean.CallAsync(HttpMethod.Post, "classes/Score", new { name = "secret" }, auth: LeanCloudAuth.MasterKey);
        var found = await lean.CallAsync(HttpMethod.Get, "classes/Score", auth: LeanCloudAuth.MasterKey);
        Assert.Equal(["lean"], ((JArray)found.Body["results"]!).Select(o => (string)o["name"]!));
        Assert.Equal("master", (string?)found.Body["results"]![0]!["seenBy"]);

        var refused = await lean.CallAsync(HttpMethod.Post, "classes/Score", new { name = "refuse" }, auth: LeanCloudAuth.MasterKey);
        Assert.Equal(142, (int)refused.Body["code"]!);
    }

    [Fact]
    public async Task CarelessFindTriggersAreAnsweredWithParseErrorsOrIgnoredNever5xx()
    {
        (await Client.RestAsync(HttpMethod.Get, "classes/Odd", master: true)).AssertError(HttpStatusCode.BadRequest, 141);
        await CreateAsync("Odd2", new { n = 1 });
        var found = await Client.RestAsync(HttpMethod.Get, "classes/Odd2", master: true);
        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Single((JArray)found.Body["results"]!);
    }

    [Fact]
    public async Task TriggersRunForTheDataApiAsForRest()
    {
        var result = await Client.RunAsync("saveScore", new { name = "api" });
        Assert.Equal("API", (string?)result["saved"]); // beforeSave's change, in the saved object
        Assert.Equal("master", (string?)result["read"]); // afterFind's, on a get
        (await Client.CallAsync("saveScore", new { name = "refuse" })).AssertError(HttpStatusCode.BadRequest, 142, "No refusals.");
        (await Client.CallAsync("saveScore", new { name = "crash" })).AssertError(HttpStatusCode.BadRequest, 141, "beforeSave crashed");
    }

    [Fact]
    public async Task AHangingTriggerIsAnsweredWith124AndTheServerKeepsServing()
    {
        (await Client.RestAsync(HttpMethod.Post, "classes/Score", new { name = "hang" }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 124, "The beforeSave trigger of Score timed out.");
        await CreateAsync("Score", new { name = "after" });
    }

    [Fact]
    public async Task TriggersThatWriteStopAtTheDepthBound()
    {
        await CreateAsync("Echo", new { n = 0 });
        // afterSave at depths 1, 2 and 3 each saves one more; the fourth save's afterSave is refused and logged.
        var echoes = await Client.RestAsync(HttpMethod.Get, "classes/Echo?count=1&limit=0", master: true);
        Assert.Equal(4, (int)echoes.Body["count"]!);
        Assert.Contains("TriggerDepthExceeded", _host.Logs.All);

        (await Client.RestAsync(HttpMethod.Post, "classes/Loop", new { n = 0 }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 141, "Triggers may nest at most 3 deep: a trigger's write would run another.");
        Assert.Empty((JArray)(await Client.RestAsync(HttpMethod.Get, "classes/Loop", master: true)).Body["results"]!);
    }

    [Fact]
    public async Task TriggerValidatorsAnswer142()
    {
        await CreateAsync("Guarded", new { title = "seed" });
        var signUp = await Client.RestAsync(HttpMethod.Post, "users", new { username = "guard-" + Guid.NewGuid().ToString("N")[..8], password = "pw" });
        var token = (string)signUp.Body["sessionToken"]!;
        (await Client.RestAsync(HttpMethod.Post, "classes/Guarded", new { title = "x" }, master: false))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please login to continue.");
        var missing = await Client.RestAsync(HttpMethod.Post, "classes/Guarded", new { other = 1 }, sessionToken: token);
        Assert.Equal(142, missing.Code);
        var created = await Client.RestAsync(HttpMethod.Post, "classes/Guarded", new { title = "ok" }, sessionToken: token);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var stored = await Client.RestAsync(HttpMethod.Get, "classes/Guarded/" + (string)created.Body["objectId"]!, master: true);
        Assert.Equal("new", (string?)stored.Body["status"]); // a field rule's default is stored
        (await Client.RestAsync(HttpMethod.Post, "classes/Guarded", new { title = 7 }, sessionToken: token)).AssertError(HttpStatusCode.BadRequest, 142);
    }
}

public sealed class ClassTriggerTestsOnSqlite() : ClassTriggerTests(StorageEngine.Sqlite);

public sealed class ClassTriggerTestsOnPostgres() : ClassTriggerTests(StorageEngine.Postgres);
