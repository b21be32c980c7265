using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Data;

/// <summary>
/// The data API over REST on the real server, on each engine: objects and their answers, class creation,
/// types, ACLs, roles, class-level permissions, include, batch and schemas, with Parse Server's codes.
/// </summary>
public abstract class DataApiTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;
    private ParseClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Id, string Token)> SignUpAsync(string username)
    {
        var answer = await Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" });
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    private async Task<JObject> CreateAsync(string className, object body, string? token = null, bool master = false)
    {
        var answer = await Client.RestAsync(HttpMethod.Post, "classes/" + className, body, token, master);
        Assert.True(answer.Status == HttpStatusCode.Created, answer.Raw);
        return (JObject)answer.Body;
    }

    /// <summary>Makes the class (the master key may), so that clients can write to it.</summary>
    private Task<JObject> MakeClassAsync(string className, object? fields = null) =>
        CreateAsync(className, fields ?? new { seed = true }, master: true);

    private async Task<JArray> FindAsync(string className, object? parameters = null, string? token = null, bool master = false)
    {
        var query = parameters is null ? "" : "?" + string.Join("&", JObject.FromObject(parameters).Properties()
            .Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value.Type == JTokenType.String ? (string)p.Value! : p.Value.ToString(Newtonsoft.Json.Formatting.None))));
        var answer = await Client.RestAsync(HttpMethod.Get, "classes/" + className + query, sessionToken: token, master: master);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Raw);
        return (JArray)answer.Body["results"]!;
    }

    [Fact]
    public async Task AnObjectIsCreatedReadUpdatedAndDeletedWithParseServersAnswers()
    {
        var created = await Client.RestAsync(HttpMethod.Post, "classes/GameScore", new { score = 1337, playerName = "Sean Plott", cheatMode = false }, master: true);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body["objectId"]!;
        Assert.Matches("^[A-Za-z0-9]{10}$", id);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string)created.Body["createdAt"]!);
        Assert.Equal(new Uri(_host.ServerUrl, "classes/GameScore/" + id), created.Headers.Location);
        Assert.Equal(["objectId", "createdAt"], ((JObject)created.Body).Properties().Select(p => p.Name));

        var read = await Client.RestAsync(HttpMethod.Get, "classes/GameScore/" + id);
        Assert.Equal(1337, (int)read.Body["score"]!);
        Assert.Equal("Sean Plott", (string)read.Body["playerName"]!);
        Assert.Equal(created.Body["createdAt"], read.Body["updatedAt"]);
        Assert.Null(read.Body["ACL"]);

        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var updated = await Client.RestAsync(HttpMethod.Put, "classes/GameScore/" + id, new
        {
            score = new { __op = "Increment", amount = 1 }, tags = new { __op = "AddUnique", objects = new[] { "a", "b", "a" } }, cheatMode = true,
        });
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        // updatedAt, and the results of the operators (which the SDK cannot compute), not the plain values.
        Assert.Equal(1338, (int)updated.Body["score"]!);
        Assert.Equal(new JArray("a", "b"), updated.Body["tags"]);
        Assert.Null(updated.Body["cheatMode"]);
        Assert.NotEqual((string?)read.Body["updatedAt"], (string?)updated.Body["updatedAt"]);

        var unset = await Client.RestAsync(HttpMethod.Put, "classes/GameScore/" + id, new { playerName = new { __op = "Delete" } });
        Assert.Equal(HttpStatusCode.OK, unset.Status);
        Assert.Null((await Client.RestAsync(HttpMethod.Get, "classes/GameScore/" + id)).Body["playerName"]);

        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Delete, "classes/GameScore/" + id)).Status);
        (await Client.RestAsync(HttpMethod.Get, "classes/GameScore/" + id)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        (await Client.RestAsync(HttpMethod.Delete, "classes/GameScore/" + id)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        (await Client.RestAsync(HttpMethod.Put, "classes/GameScore/" + id, new { score = 1 })).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
    }

    [Fact]
    public async Task EveryTypeRoundTripsAndAFieldKeepsItsType()
    {
        await MakeClassAsync("Thing");
        var body = JObject.Parse("""
            {"s":"text","n":1.5,"b":true,"d":{"__type":"Date","iso":"2026-01-02T03:04:05.678Z"},"o":{"k":[1,{"x":null}]},"a":[1,"two",{"__type":"Date","iso":"2026-01-01T00:00:00.000Z"}],
             "p":{"__type":"Pointer","className":"Thing","objectId":"abcdefghij"},"y":{"__type":"Bytes","base64":"aGVsbG8="},"z":null}
            """);
        var created = await CreateAsync("Thing", body);
        var read = (JObject)(await Client.RestAsync(HttpMethod.Get, "classes/Thing/" + created["objectId"])).Body;
        foreach (var property in body.Properties().Where(p => p.Name != "z")) Assert.Equal(property.Value, read[property.Name]);

        (await Client.RestAsync(HttpMethod.Post, "classes/Thing", new { n = "not a number" }))
            .AssertError(HttpStatusCode.BadRequest, 111, "schema mismatch for Thing.n; expected Number but got String");
        (await Client.RestAsync(HttpMethod.Put, "classes/Thing/" + created["objectId"], new { p = new { __type = "Pointer", className = "_User", objectId = "abcdefghij" } }))
            .AssertError(HttpStatusCode.BadRequest, 111, "schema mismatch for Thing.p; expected Pointer<Thing> but got Pointer<_User>");
        (await Client.RestAsync(HttpMethod.Put, "classes/Thing/" + created["objectId"], new { d = new { __type = "Date", iso = "yesterday" } })).AssertError(HttpStatusCode.BadRequest, 111);
        foreach (var name in new[] { "_private", "has-dash", "objectId", "1st" })
        {
            var refused = await Client.RestAsync(HttpMethod.Post, "classes/Thing", new JObject { [name] = 1 });
            Assert.Equal(105, refused.Code);
        }
        Assert.Single(await FindAsync("Thing", master: true), o => (string?)o["objectId"] == (string?)created["objectId"]);
    }

    [Fact]
    public async Task OnlyTheMasterKeyCreatesAClassUnlessClientsAreAllowed()
    {
        var (_, token) = await SignUpAsync("creator");
        (await Client.RestAsync(HttpMethod.Post, "classes/Fresh", new { a = 1 }, token))
            .AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        (await Client.RestAsync(HttpMethod.Get, "classes/Fresh", sessionToken: token))
            .AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        Assert.Empty(await FindAsync("Fresh", master: true));

        await CreateAsync("Fresh", new { a = 1 }, master: true);
        await CreateAsync("Fresh", new { a = 2, b = "new field" }, token);
        Assert.Equal(2, (await FindAsync("Fresh", token: token)).Count);

        await using var open = await TestHost.StartAsync(engine: engine, settings: new Dictionary<string, string?> { ["Parse:AllowClientClassCreation"] = "true" });
        Assert.Equal(HttpStatusCode.Created, (await open.Client.RestAsync(HttpMethod.Post, "classes/Anything", new { a = 1 })).Status);
    }

    [Fact]
    public async Task AclsDecideWhoReadsAndWritesAndARefusedWriteLooksLikeAMissingObject()
    {
        await MakeClassAsync("Diary");
        var (ann, annToken) = await SignUpAsync("ann");
        var (_, bobToken) = await SignUpAsync("bob");
        var mine = await CreateAsync("Diary", new { text = "ann only", ACL = new JObject { [ann] = new JObject { ["read"] = true, ["write"] = true } } }, annToken);
        var readable = await CreateAsync("Diary", new { text = "all read", ACL = new JObject { ["*"] = new JObject { ["read"] = true }, [ann] = new JObject { ["write"] = true } } }, annToken);
        var id = (string)mine["objectId"]!;

        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Get, "classes/Diary/" + id, sessionToken: annToken)).Status);
        (await Client.RestAsync(HttpMethod.Get, "classes/Diary/" + id, sessionToken: bobToken)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        (await Client.RestAsync(HttpMethod.Get, "classes/Diary/" + id)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        (await Client.RestAsync(HttpMethod.Put, "classes/Diary/" + id, new { text = "bob was here" }, bobToken)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        (await Client.RestAsync(HttpMethod.Delete, "classes/Diary/" + id, sessionToken: bobToken)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        (await Client.RestAsync(HttpMethod.Put, "classes/Diary/" + readable["objectId"], new { text = "bob was here" }, bobToken)).AssertError(HttpStatusCode.NotFound, 101);

        Assert.Equal(["all read", null], (await FindAsync("Diary", new { order = "text" }, bobToken)).Select(o => (string?)o["text"]));
        Assert.DoesNotContain(await FindAsync("Diary", token: bobToken), o => (string?)o["text"] == "ann only");
        Assert.Contains(await FindAsync("Diary", token: annToken), o => (string?)o["text"] == "ann only");
        Assert.Equal(3, (await FindAsync("Diary", master: true)).Count);
        Assert.Equal("ann only", (string)(await Client.RestAsync(HttpMethod.Get, "classes/Diary/" + id, master: true)).Body["text"]!);

        // The owner may change the ACL; then the other reads it.
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Put, "classes/Diary/" + id, new { ACL = new JObject { ["*"] = new JObject { ["read"] = true } } }, annToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Get, "classes/Diary/" + id, sessionToken: bobToken)).Status);
        (await Client.RestAsync(HttpMethod.Post, "classes/Diary", new { ACL = new { everyone = "yes" } }, annToken)).AssertError(HttpStatusCode.BadRequest, 123, "Invalid ACL.");
    }

    [Fact]
    public async Task RolesGrantThroughEveryLevelAndAChangeIsSeenAtOnce()
    {
        var (ann, annToken) = await SignUpAsync("ann");
        var (_, bobToken) = await SignUpAsync("bob");
        var admins = await CreateAsync("_Role", new { name = "Admins", ACL = new JObject { ["*"] = new JObject { ["read"] = true } },
            users = new { __op = "AddRelation", objects = new[] { new { __type = "Pointer", className = "_User", objectId = ann } } } }, master: true);
        // Moderators holds Admins: every admin is a moderator.
        var moderators = await Client.RestAsync(HttpMethod.Post, "roles", new { name = "Moderators", ACL = new JObject { ["*"] = new JObject { ["read"] = true } },
            roles = new { __op = "AddRelation", objects = new[] { new { __type = "Pointer", className = "_Role", objectId = (string)admins["objectId"]! } } } }, master: true);
        Assert.Equal(HttpStatusCode.Created, moderators.Status);
        await MakeClassAsync("Report");
        var report = await CreateAsync("Report", new { title = "for moderators", ACL = new JObject { ["role:Moderators"] = new JObject { ["read"] = true, ["write"] = true } } }, master: true);
        var path = "classes/Report/" + report["objectId"];

        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Get, path, sessionToken: annToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Put, path, new { title = "edited by an admin" }, annToken)).Status);
        (await Client.RestAsync(HttpMethod.Get, path, sessionToken: bobToken)).AssertError(HttpStatusCode.NotFound, 101);

        // Role names are unique; a role needs an ACL; only the master key renames a saved role.
        (await Client.RestAsync(HttpMethod.Post, "classes/_Role", new { name = "Admins", ACL = new JObject() }, master: true)).AssertError(HttpStatusCode.BadRequest, 137);
        (await Client.RestAsync(HttpMethod.Post, "roles", new { name = "NoAcl" }, master: true)).AssertError(HttpStatusCode.BadRequest, 111, "ACL is required.");
        var clientRole = await CreateAsync("_Role", new { name = "ByAnn", ACL = new JObject { [ann] = new JObject { ["read"] = true, ["write"] = true } } }, annToken);
        (await Client.RestAsync(HttpMethod.Put, "roles/" + clientRole["objectId"], new { name = "Renamed" }, annToken)).AssertError(HttpStatusCode.BadRequest, 119);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Put, "roles/" + clientRole["objectId"], new { name = "Renamed" }, master: true)).Status);

        // Bob joins Admins: this process sees it at once.
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Put, "roles/" + admins["objectId"],
            new { users = new { __op = "AddRelation", objects = new[] { new { __type = "Pointer", className = "_User", objectId = (string)(await Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: bobToken)).Body["objectId"]! } } } }, master: true)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Get, path, sessionToken: bobToken)).Status);

        var roles = (JArray)(await Client.RestAsync(HttpMethod.Get, "roles?order=name")).Body["results"]!;
        Assert.Equal(["Admins", "Moderators"], roles.Select(r => (string)r["name"]!));
        Assert.Equal(new JObject { ["__type"] = "Relation", ["className"] = "_User" }, roles[0]["users"]);
        Assert.Equal(new JObject { ["__type"] = "Relation", ["className"] = "_Role" }, roles[0]["roles"]);
        var members = await FindAsync("_User", new { where = new JObject { ["$relatedTo"] = new JObject { ["object"] = JObject.FromObject(new { __type = "Pointer", className = "_Role", objectId = (string)admins["objectId"]! }), ["key"] = "users" } } }, master: true);
        Assert.Equal(2, members.Count);
    }

    [Fact]
    public async Task ClassLevelPermissionsAreHonouredOnEveryRoute()
    {
        var (ann, annToken) = await SignUpAsync("ann");
        var (_, bobToken) = await SignUpAsync("bob");
        var schema = await Client.RestAsync(HttpMethod.Post, "schemas/Vault", new
        {
            className = "Vault",
            fields = new { secret = new { type = "String" }, owner = new { type = "Pointer", targetClass = "_User" }, hidden = new { type = "String" } },
            classLevelPermissions = new JObject
            {
                ["find"] = new JObject { ["requiresAuthentication"] = true },
                ["count"] = new JObject { [ann] = true },
                ["get"] = new JObject { ["requiresAuthentication"] = true },
                ["create"] = new JObject { [ann] = true },
                ["update"] = new JObject { ["pointerFields"] = new JArray("owner") },
                ["delete"] = new JObject(),
                ["addField"] = new JObject(),
                ["protectedFields"] = new JObject { ["*"] = new JArray("hidden") },
            },
        }, master: true);
        Assert.Equal(HttpStatusCode.OK, schema.Status);

        var made = await CreateAsync("Vault", new { secret = "s", hidden = "h", owner = new { __type = "Pointer", className = "_User", objectId = ann } }, annToken);
        var path = "classes/Vault/" + made["objectId"];
        (await Client.RestAsync(HttpMethod.Post, "classes/Vault", new { secret = "b" }, bobToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        (await Client.RestAsync(HttpMethod.Get, "classes/Vault")).AssertError(HttpStatusCode.NotFound, 101, "Permission denied");
        (await Client.RestAsync(HttpMethod.Put, path, new { extra = 1 }, annToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        (await Client.RestAsync(HttpMethod.Put, path, new { secret = "changed by bob" }, bobToken)).AssertError(HttpStatusCode.NotFound, 101);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Put, path, new { secret = "changed by ann" }, annToken)).Status);
        (await Client.RestAsync(HttpMethod.Delete, path, sessionToken: annToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        (await Client.RestAsync(HttpMethod.Get, "classes/Vault?count=1&limit=0", sessionToken: bobToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        Assert.Equal(1, (int)(await Client.RestAsync(HttpMethod.Get, "classes/Vault?count=1&limit=0", sessionToken: annToken)).Body["count"]!);

        // A refused write adds nothing to the schema, even where adding fields is open.
        await Client.RestAsync(HttpMethod.Post, "schemas/Ledger", new
        {
            classLevelPermissions = new JObject
            {
                ["find"] = new JObject { ["*"] = true }, ["get"] = new JObject { ["*"] = true }, ["count"] = new JObject { ["*"] = true },
                ["create"] = new JObject { [ann] = true }, ["update"] = new JObject { [ann] = true }, ["delete"] = new JObject(), ["addField"] = new JObject { ["*"] = true },
            },
        }, master: true);
        var entry = await CreateAsync("Ledger", new { amount = 1 }, annToken);
        (await Client.RestAsync(HttpMethod.Post, "classes/Ledger", new { smuggled = 1 }, bobToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        (await Client.RestAsync(HttpMethod.Put, "classes/Ledger/" + entry["objectId"], new { smuggledToo = 1 }, bobToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        var ledgerFields = (JObject)(await Client.RestAsync(HttpMethod.Get, "schemas/Ledger", master: true)).Body["fields"]!;
        Assert.Null(ledgerFields["smuggled"]);
        Assert.Null(ledgerFields["smuggledToo"]);
        Assert.NotNull(ledgerFields["amount"]);

        // Protected fields are hidden, and cannot be queried; the master key sees them.
        var seen = (JObject)(await Client.RestAsync(HttpMethod.Get, path, sessionToken: bobToken)).Body;
        Assert.Equal("changed by ann", (string)seen["secret"]!);
        Assert.Null(seen["hidden"]);
        (await Client.RestAsync(HttpMethod.Get, "classes/Vault?where=" + Uri.EscapeDataString("""{"hidden":"h"}"""), sessionToken: bobToken))
            .AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        Assert.Equal("h", (string)(await Client.RestAsync(HttpMethod.Get, path, master: true)).Body["hidden"]!);
    }

    [Fact]
    public async Task IncludeReplacesPointersWithWhatTheCallerMayRead()
    {
        var (ann, annToken) = await SignUpAsync("ann");
        var (bob, bobToken) = await SignUpAsync("bob");
        await Client.RestAsync(HttpMethod.Put, "users/" + bob, new { nickname = "B", ACL = new JObject { ["*"] = new JObject { ["read"] = true }, [bob] = new JObject { ["write"] = true } } }, bobToken);
        await MakeClassAsync("Team");
        await MakeClassAsync("Player");
        var team = await CreateAsync("Team", new { name = "red" }, annToken);
        var secretTeam = await CreateAsync("Team", new { name = "hidden", ACL = new JObject { [ann] = new JObject { ["read"] = true } } }, annToken);
        JObject Pointer(string className, JToken id) => JObject.FromObject(new { __type = "Pointer", className, objectId = (string)id! });
        var player = await CreateAsync("Player", new
        {
            team = Pointer("Team", team["objectId"]!), secret = Pointer("Team", secretTeam["objectId"]!), coach = Pointer("_User", bob), self = Pointer("_User", ann),
            history = new[] { Pointer("Team", team["objectId"]!), Pointer("Team", secretTeam["objectId"]!) },
        }, annToken);

        var asBob = (JObject)(await Client.RestAsync(HttpMethod.Get, $"classes/Player/{player["objectId"]}?include=team,secret,coach,self,history", sessionToken: bobToken)).Body;
        Assert.Equal("Object", (string)asBob["team"]!["__type"]!);
        Assert.Equal("red", (string)asBob["team"]!["name"]!);
        Assert.Null(asBob["secret"]); // Bob may not read it: dropped, as Parse Server answers
        Assert.Equal("Object", (string)asBob["coach"]!["__type"]!);
        Assert.Equal("_User", (string)asBob["coach"]!["className"]!);
        Assert.Equal("B", (string)asBob["coach"]!["nickname"]!);
        Assert.Null(asBob["coach"]!["sessionToken"]);
        Assert.Null(asBob["self"]); // Ann's user is private
        Assert.Equal(["Object"], asBob["history"]!.Select(h => (string)h["__type"]!));

        var asAnn = await FindAsync("Player", new { include = "*" }, annToken);
        Assert.Equal("hidden", (string)asAnn.Single(p => p["team"] is not null)["secret"]!["name"]!);
        Assert.Equal(ann, (string)asAnn.Single(p => p["self"] is not null)["self"]!["objectId"]!);
    }

    [Fact]
    public async Task ABatchAnswersEachRequestInOrderAndATransactionIsAllOrNothing()
    {
        await MakeClassAsync("Card", new { name = "seed", n = 0 });
        var first = await CreateAsync("Card", new { name = "a", n = 1 });
        var batch = await Client.RestAsync(HttpMethod.Post, "batch", new
        {
            requests = new object[]
            {
                new { method = "POST", path = "/parse/classes/Card", body = new { name = "b", n = 2 } },
                new { method = "PUT", path = $"/parse/classes/Card/{first["objectId"]}", body = new { n = new { __op = "Increment", amount = 10 } } },
                new { method = "PUT", path = "/parse/classes/Card/nosuchcard", body = new { n = 1 } },
                new { method = "POST", path = "/parse/classes/Card", body = new { n = "x" } },
                new { method = "DELETE", path = $"/parse/classes/Card/{first["objectId"]}" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        var answers = (JArray)batch.Body;
        Assert.Equal(5, answers.Count);
        Assert.NotNull(answers[0]["success"]!["objectId"]);
        Assert.Equal(11, (int)answers[1]["success"]!["n"]!);
        Assert.Equal(101, (int)answers[2]["error"]!["code"]!);
        Assert.Equal(111, (int)answers[3]["error"]!["code"]!);
        Assert.Equal(new JObject(), answers[4]["success"]);

        // A request that cannot be routed refuses the whole batch, and nothing of it runs.
        var unroutable = await Client.RestAsync(HttpMethod.Post, "batch", new
        {
            requests = new object[]
            {
                new { method = "POST", path = "/parse/classes/Card", body = new { name = "never", n = 5 } },
                new { method = "POST", path = "/elsewhere/classes/Card", body = new { n = 5 } },
            },
        });
        unroutable.AssertError(HttpStatusCode.BadRequest, 107, "cannot route batch path /elsewhere/classes/Card");
        Assert.Equal(["b", "seed"], (await FindAsync("Card", new { order = "name" })).Select(c => (string)c["name"]!));

        var failed = await Client.RestAsync(HttpMethod.Post, "batch", new
        {
            transaction = true,
            requests = new object[]
            {
                new { method = "POST", path = "/parse/classes/Card", body = new { name = "t1", n = 3 } },
                new { method = "POST", path = "/parse/classes/Card", body = new { name = "t2", n = "x" } },
            },
        });
        failed.AssertError(HttpStatusCode.BadRequest, 111);
        Assert.DoesNotContain(await FindAsync("Card"), c => (string?)c["name"] == "t1");

        var committed = await Client.RestAsync(HttpMethod.Post, "batch", new
        {
            transaction = true,
            requests = new object[]
            {
                new { method = "POST", path = "/parse/classes/Card", body = new { name = "u1", n = 3 } },
                new { method = "POST", path = "/parse/classes/Card", body = new { name = "u2", n = 4 } },
            },
        });
        Assert.Equal(HttpStatusCode.OK, committed.Status);
        Assert.All((JArray)committed.Body, a => Assert.NotNull(a["success"]!["objectId"]));

        var tooMany = await Client.RestAsync(HttpMethod.Post, "batch", new { requests = Enumerable.Range(0, 51).Select(_ => new { method = "POST", path = "/parse/classes/Card", body = new { n = 1 } }) });
        tooMany.AssertError(HttpStatusCode.BadRequest, 107);
        Assert.Equal(4, (await FindAsync("Card")).Count);
    }

    [Fact]
    public async Task SchemasAreManagedWithTheMasterKeyOnly()
    {
        (await Client.RestAsync(HttpMethod.Get, "schemas")).AssertError(HttpStatusCode.Forbidden, 119, "Permission denied");
        var created = await Client.RestAsync(HttpMethod.Post, "schemas/Board", new
        {
            className = "Board",
            fields = new { title = new { type = "String" }, rank = new { type = "Number" }, owner = new { type = "Pointer", targetClass = "_User" } },
            indexes = new { rank_1 = new { rank = 1 } },
        }, master: true);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal("Board", (string)created.Body["className"]!);
        Assert.Equal(JObject.Parse("""{"type":"Pointer","targetClass":"_User"}"""), created.Body["fields"]!["owner"]);
        Assert.Equal(JObject.Parse("""{"type":"String"}"""), created.Body["fields"]!["objectId"]);
        Assert.Equal(JObject.Parse("""{"rank":1}"""), created.Body["indexes"]!["rank_1"]);
        Assert.Equal(JObject.Parse("""{"*":true}"""), created.Body["classLevelPermissions"]!["find"]);

        (await Client.RestAsync(HttpMethod.Post, "schemas/Board", new { className = "Board" }, master: true)).AssertError(HttpStatusCode.BadRequest, 103, "Class Board already exists.");
        (await Client.RestAsync(HttpMethod.Post, "schemas/Board2", new { className = "Other" }, master: true)).AssertError(HttpStatusCode.BadRequest, 103, "Class name mismatch between Other and Board2.");
        (await Client.RestAsync(HttpMethod.Get, "schemas/Nothing", master: true)).AssertError(HttpStatusCode.BadRequest, 103, "Class Nothing does not exist.");
        (await Client.RestAsync(HttpMethod.Put, "schemas/Board", new { fields = new { title = new { type = "Number" } } }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 255, "Field title exists, cannot update.");
        (await Client.RestAsync(HttpMethod.Put, "schemas/Board", new { fields = new { nope = new { __op = "Delete" } } }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 255, "Field nope does not exist, cannot delete.");

        var changed = await Client.RestAsync(HttpMethod.Put, "schemas/Board", new { fields = new { title = new { __op = "Delete" }, body = new { type = "Object" } } }, master: true);
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Null(changed.Body["fields"]!["title"]);
        Assert.NotNull(changed.Body["fields"]!["body"]);
        Assert.Contains((JArray)(await Client.RestAsync(HttpMethod.Get, "schemas", master: true)).Body["results"]!, s => (string?)s["className"] == "Board");

        await CreateAsync("Board", new { rank = 1 });
        (await Client.RestAsync(HttpMethod.Delete, "schemas/Board", master: true))
            .AssertError(HttpStatusCode.BadRequest, 255, "Class Board is not empty, contains 1 objects, cannot drop schema.");
        var objects = await FindAsync("Board", master: true);
        await Client.RestAsync(HttpMethod.Delete, "classes/Board/" + objects[0]["objectId"], master: true);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Delete, "schemas/Board", master: true)).Status);
        (await Client.RestAsync(HttpMethod.Get, "schemas/Board", master: true)).AssertError(HttpStatusCode.BadRequest, 103);
    }

    [Fact]
    public async Task QueriesTakeEveryParameterAndRefuseWhatTheyDoNotKnow()
    {
        await MakeClassAsync("Item", new { name = "seed", n = 0, tags = new[] { "s" } });
        foreach (var (name, n, tags) in new[] { ("a", 1, new[] { "x" }), ("b", 2, new[] { "x", "y" }), ("c", 3, Array.Empty<string>()) })
            await CreateAsync("Item", new { name, n, tags });

        Assert.Equal(["c", "b"], (await FindAsync("Item", new { where = new { n = new JObject { ["$gte"] = 2 } }, order = "-n" })).Select(i => (string)i["name"]!));
        Assert.Equal(["a", "b"], (await FindAsync("Item", new { where = new { tags = "x" }, order = "name" })).Select(i => (string)i["name"]!));
        Assert.Equal(["b"], (await FindAsync("Item", new { where = new { tags = new JObject { ["$all"] = new JArray("x", "y") } } })).Select(i => (string)i["name"]!));
        Assert.Equal(["a", "c"], (await FindAsync("Item", new { where = new JObject { ["$or"] = new JArray(new JObject { ["n"] = 1 }, new JObject { ["n"] = 3 }) }, order = "n" })).Select(i => (string)i["name"]!));
        var keyed = await FindAsync("Item", new { keys = "name", order = "n", limit = 2, skip = 1 });
        Assert.Equal(["a", "b"], keyed.Select(i => (string)i["name"]!));
        Assert.Null(keyed[0]["n"]);
        Assert.NotNull(keyed[0]["objectId"]);
        Assert.Null((await FindAsync("Item", new { excludeKeys = "tags" }))[0]["tags"]);
        var counted = await Client.RestAsync(HttpMethod.Get, "classes/Item?count=1&limit=0&where=" + Uri.EscapeDataString("""{"n":{"$gt":0}}"""));
        Assert.Equal(3, (int)counted.Body["count"]!);
        Assert.Empty((JArray)counted.Body["results"]!);

        // The SDK's way: POST with _method GET and the query in the body.
        var tunnelled = await Client.SdkAsync("classes/Item", JObject.Parse("""{"where":{"name":{"$regex":"^[ab]$"}},"order":"name"}"""), method: "GET");
        Assert.Equal(["a", "b"], tunnelled.Body["results"]!.Select(i => (string)i["name"]!));

        (await Client.RestAsync(HttpMethod.Get, "classes/Item?bogus=1")).AssertError(HttpStatusCode.BadRequest, 102, "Invalid parameter for query: bogus");
        // A relation's target that is read elsewhere (_Session) is refused, not read as objects.
        await Client.RestAsync(HttpMethod.Put, "schemas/Item", new { fields = new { logins = new { type = "Relation", targetClass = "_Session" } } }, master: true);
        (await Client.RestAsync(HttpMethod.Get, "classes/Item?redirectClassNameForKey=logins", master: true)).AssertError(HttpStatusCode.BadRequest, 103);
        (await Client.RestAsync(HttpMethod.Get, "classes/Item?where=" + Uri.EscapeDataString("""{"loc":{"$nearSphere":{"__type":"GeoPoint","latitude":1,"longitude":2}}}""")))
            .AssertError(HttpStatusCode.BadRequest, 102, "Invalid query: geo queries ($nearSphere) are not supported.");
        (await Client.RestAsync(HttpMethod.Get, "classes/Item?where=" + Uri.EscapeDataString("""{"$text":{"$search":{"$term":"x"}}}""")))
            .AssertError(HttpStatusCode.BadRequest, 102);
        (await Client.RestAsync(HttpMethod.Get, "classes/Item?where=" + Uri.EscapeDataString("""{"name":{"$regex":"(a+)+\\1"}}""")))
            .AssertError(HttpStatusCode.BadRequest, 102);
    }

    [Fact]
    public async Task UsersAreQueriedThroughTheSameQueryPathWithoutLosingTheirPrivacy()
    {
        var (ann, annToken) = await SignUpAsync("ann");
        var (bob, bobToken) = await SignUpAsync("bob");
        await Client.RestAsync(HttpMethod.Put, "users/" + bob, new { level = 7, email = "bob@example.com", ACL = new JObject { ["*"] = new JObject { ["read"] = true }, [bob] = new JObject { ["write"] = true } } }, bobToken);
        await Client.RestAsync(HttpMethod.Put, "users/" + ann, new { level = 3 }, annToken);

        var found = (JArray)(await Client.RestAsync(HttpMethod.Get, "classes/_User?where=" + Uri.EscapeDataString("""{"level":{"$gt":5}}"""), sessionToken: annToken)).Body["results"]!;
        Assert.Equal([bob], found.Select(u => (string)u["objectId"]!));
        Assert.Null(found[0]["email"]);
        Assert.Equal([bob], ((JArray)(await Client.RestAsync(HttpMethod.Get, "classes/_User?where=" + Uri.EscapeDataString("""{"username":{"$regex":"^b"}}"""), sessionToken: annToken)).Body["results"]!).Select(u => (string)u["objectId"]!));
        (await Client.RestAsync(HttpMethod.Get, "classes/_User?where=" + Uri.EscapeDataString("""{"email":{"$regex":"^bob"}}"""), sessionToken: annToken)).AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
        (await Client.RestAsync(HttpMethod.Get, "classes/_User?where=" + Uri.EscapeDataString("""{"$or":[{"level":1},{"phone":{"$exists":true}}]}"""), sessionToken: annToken)).AssertError(HttpStatusCode.BadRequest, 119);
        (await Client.RestAsync(HttpMethod.Get, "classes/_User?order=email", sessionToken: annToken)).AssertError(HttpStatusCode.BadRequest, 119);

        // Private fields are private inside a sub-query on another class too.
        await MakeClassAsync("Post");
        (await Client.RestAsync(HttpMethod.Get, "classes/Post?where=" + Uri.EscapeDataString("""{"author":{"$inQuery":{"className":"_User","where":{"email":"bob@example.com"}}}}"""), sessionToken: annToken))
            .AssertError(HttpStatusCode.BadRequest, 119);
        Assert.Single((JArray)(await Client.RestAsync(HttpMethod.Get, "classes/_User?where=" + Uri.EscapeDataString("""{"email":"bob@example.com"}"""), master: true)).Body["results"]!);
    }
}

public sealed class DataApiTestsOnSqlite() : DataApiTests(StorageEngine.Sqlite);

public sealed class DataApiTestsOnPostgres() : DataApiTests(StorageEngine.Postgres);
