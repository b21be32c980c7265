using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.LeanCloud;

/// <summary>
/// LeanCloud's storage API over REST, for what the SDK hides: the atomicity of a conditional write,
/// what each dialect shows of a LeanCloud app's own phone field, LeanCloud's operators and their
/// refusals, the batch's routing, and CQL's and the routes' errors, on each engine.
/// </summary>
public abstract class DataRestTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings(), engine: engine);
        _lc = new LeanCloudClient(_host);
        Assert.Equal(HttpStatusCode.Created, (await Master(HttpMethod.Post, "classes/Account", new { balance = 0 })).Status);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<WireResponse> Master(HttpMethod method, string path, object? body = null) => _lc.CallAsync(method, path, body, auth: LeanCloudAuth.MasterSign);

    private static string Where(object condition) => Uri.EscapeDataString(JToken.FromObject(condition).ToString(Newtonsoft.Json.Formatting.None));

    [Fact]
    public async Task ConcurrentConditionalWithdrawalsNeverOverdrawTheBalance()
    {
        var id = (string)(await Master(HttpMethod.Post, "classes/Account", new { balance = 100 })).Body["objectId"]!;
        var withdrawals = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _lc.CallAsync(HttpMethod.Put,
            $"classes/Account/{id}?new=true&where={Where(new { balance = new Dictionary<string, int> { ["$gte"] = 10 } })}",
            new { balance = new { __op = "Decrement", amount = 10 } })));

        Assert.Equal(10, withdrawals.Count(w => w.Status == HttpStatusCode.OK));
        Assert.All(withdrawals.Where(w => w.Status != HttpStatusCode.OK), w => w.AssertError(HttpStatusCode.BadRequest, 305, "No effect on updating/deleting a document."));
        // Each success saw its own balance: 90, 80, … 0, every one once.
        Assert.Equal(Enumerable.Range(0, 10).Select(n => n * 10).ToArray(),
            withdrawals.Where(w => w.Status == HttpStatusCode.OK).Select(w => (int)w.Body["balance"]!).Order().ToArray());
        Assert.Equal(0, (int)(await Master(HttpMethod.Get, $"classes/Account/{id}")).Body["balance"]!);
    }

    [Fact]
    public async Task AConditionIsReadAsTheCallersQueryWouldBe()
    {
        var id = (string)(await Master(HttpMethod.Post, "classes/Account", new { balance = 5 })).Body["objectId"]!;
        (await _lc.CallAsync(HttpMethod.Put, $"classes/Account/{id}?where={Uri.EscapeDataString("{\"balance\":")}", new { balance = 1 }))
            .AssertError(HttpStatusCode.BadRequest, 107);
        (await _lc.CallAsync(HttpMethod.Put, $"classes/Account/{id}?where={Where(new { password = "x" })}", new { balance = 1 }))
            .AssertError(HttpStatusCode.BadRequest, 102, "Invalid query: password cannot be queried.");
        (await _lc.CallAsync(HttpMethod.Delete, $"classes/Account/nosuchid?where={Where(new { balance = 5 })}")).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
        Assert.Equal(5, (int)(await Master(HttpMethod.Get, $"classes/Account/{id}")).Body["balance"]!);
    }

    [Fact]
    public async Task ALeanCloudAppsOwnPhoneIsItsFieldThereAndUnseenInTheParseDialectWherePhoneIsTheNumber()
    {
        var phone = Phones.NewMainland();
        var created = await _lc.PostAsync("usersByMobilePhone",
            new { mobilePhoneNumber = phone, smsCode = await _lc.SmsCodeAsync(phone), phone = "415-392-0202", phoneVerified = true });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body["objectId"]!;
        Assert.Equal(Phones.National(phone), (string?)created.Body["mobilePhoneNumber"]);
        Assert.Equal("415-392-0202", (string?)created.Body["phone"]);
        Assert.True((bool)created.Body["phoneVerified"]!);

        var parse = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true);
        Assert.Equal(phone, (string?)parse.Body["phone"]);
        Assert.True((bool)parse.Body["phoneVerified"]!);
        Assert.Null(parse.Body["mobilePhoneNumber"]);

        // A Parse client's own mobilePhoneNumber is its field in Parse, and never passes for the number in /1.1.
        var token = (string)created.Body["sessionToken"]!;
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { mobilePhoneNumber = "+15550100" }, token)).Status);
        Assert.Equal("+15550100", (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["mobilePhoneNumber"]);
        Assert.Equal(Phones.National(phone), (string?)(await Master(HttpMethod.Get, "users/" + id)).Body["mobilePhoneNumber"]);
        // Each dialect's own names stay the number's: a client cannot set them.
        (await _lc.CallAsync(HttpMethod.Put, "users/" + id, new { mobilePhoneNumber = Phones.NewMainland() }, token)).AssertError(HttpStatusCode.BadRequest, 119);
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { phone = Phones.NewMainland() }, token)).AssertError(HttpStatusCode.BadRequest, 119);
    }

    [Fact]
    public async Task DecrementAndTheBitwiseOperatorsAreLeanCloudsAndRefuseWhatTheyCannotApply()
    {
        var id = (string)(await Master(HttpMethod.Post, "classes/Account", new { balance = 12, label = "x" })).Body["objectId"]!;
        var changed = await _lc.CallAsync(HttpMethod.Put, $"classes/Account/{id}", JObject.Parse("""
            { "balance": { "__op": "BitXor", "value": 5 }, "flags": { "__op": "BitOr", "value": 9 }, "count": { "__op": "Decrement", "amount": 2 } }
            """));
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        SeenAssert.Json($$"""{ "objectId": "{{id}}", "balance": 9, "flags": 9, "count": -2 }""", new JObject(((JObject)changed.Body).Properties().Where(p => p.Name != "updatedAt")));

        (await _lc.CallAsync(HttpMethod.Put, $"classes/Account/{id}", JObject.Parse("""{ "label": { "__op": "BitAnd", "value": 1 } }""")))
            .AssertError(HttpStatusCode.BadRequest, 111);
        (await _lc.CallAsync(HttpMethod.Put, $"classes/Account/{id}", JObject.Parse("""{ "balance": { "__op": "BitAnd", "value": 1.5 } }""")))
            .AssertError(HttpStatusCode.BadRequest, 107, "BitAnd must provide an integer value");
        (await _host.Client.RestAsync(HttpMethod.Put, $"classes/Account/{id}", JObject.Parse("""{ "balance": { "__op": "Decrement", "amount": 1 } }"""), master: true))
            .AssertError(HttpStatusCode.BadRequest, 108, "The Decrement operator is not supported yet.");
        Assert.Equal(9, (int)(await Master(HttpMethod.Get, $"classes/Account/{id}")).Body["balance"]!);
    }

    [Fact]
    public async Task TheBatchRoutesLeanCloudPathsAndRefusesAWholeBatchItCannotRoute()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((string)(await Master(HttpMethod.Post, "classes/Account", new { balance = i })).Body["objectId"]!);
        var batch = await _lc.CallAsync(HttpMethod.Post, "batch", JObject.FromObject(new
        {
            requests = new object[]
            {
                new { method = "GET", path = $"/1.1/classes/Account/{ids[0]}" },
                new { method = "GET", path = "/1.1/classes/Account", @params = new { where = new { balance = new Dictionary<string, int> { ["$gte"] = 1 } }, order = "balance", keys = "balance" } },
                new { method = "PUT", path = $"/1.1/classes/Account/{ids[0]}", body = new { balance = 7 }, @params = new { fetchWhenSave = true } },
                new { method = "DELETE", path = $"/1.1/classes/Account/{ids[1]},{ids[2]}" },
                new { method = "DELETE", path = $"/1.1/classes/Account/{ids[1]},nosuchid" },
            },
        }), auth: LeanCloudAuth.MasterSign);
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        Assert.Equal(0, (int)batch.Body[0]!["success"]!["balance"]!);
        Assert.Equal(new[] { 1, 2 }, batch.Body[1]!["success"]!["results"]!.Select(r => (int)r["balance"]!).ToArray());
        Assert.Equal(7, (int)batch.Body[2]!["success"]!["balance"]!);
        SeenAssert.Json("{}", batch.Body[3]!["success"]);
        SeenAssert.Json("""{ "code": 101, "error": "Object not found." }""", batch.Body[4]!["error"]);

        var unroutable = await _lc.CallAsync(HttpMethod.Post, "batch", JObject.FromObject(new
        {
            requests = new object[] { new { method = "PUT", path = $"/1.1/classes/Account/{ids[0]}", body = new { balance = 8 } }, new { method = "GET", path = "/parse/classes/Account" } },
        }), auth: LeanCloudAuth.MasterSign);
        unroutable.AssertError(HttpStatusCode.BadRequest, 107, "cannot route batch path /parse/classes/Account");
        Assert.Equal(7, (int)(await Master(HttpMethod.Get, $"classes/Account/{ids[0]}")).Body["balance"]!);
    }

    [Fact]
    public async Task CqlThatCannotBeReadIsA102NamingWhereAndNeverAServerError()
    {
        async Task<WireResponse> Cql(string cql, string? pvalues = null) =>
            await _lc.CallAsync(HttpMethod.Get, $"cloudQuery?cql={Uri.EscapeDataString(cql)}" + (pvalues is null ? "" : $"&pvalues={Uri.EscapeDataString(pvalues)}"));

        (await Cql("select * from Account where balance = 'x")).AssertError(HttpStatusCode.BadRequest, 102, "Invalid CQL: a string is not closed at 39.");
        (await Cql("select * from Account where balance > ?", "[1, 2]")).AssertError(HttpStatusCode.BadRequest, 102, "Invalid CQL: 2 pvalues for 1 placeholders at 40.");
        (await Cql("select * from Account where balance regexp '(a)\\\\1'")).AssertError(HttpStatusCode.BadRequest, 102);
        (await Cql("select * from _Session")).AssertError(HttpStatusCode.BadRequest, 103);
        (await Cql("select * from Account where " + string.Concat(Enumerable.Repeat("(", 20)) + "balance = 1" + string.Concat(Enumerable.Repeat(")", 20))))
            .AssertError(HttpStatusCode.BadRequest, 102, "Invalid CQL: conditions and sub-selects nest at most 8 deep at 38.");
        (await Cql(new string('x', 5000))).AssertError(HttpStatusCode.BadRequest, 102, "Invalid CQL: a statement may be at most 4096 characters at 4096.");
        (await _lc.CallAsync(HttpMethod.Get, "cloudQuery")).AssertError(HttpStatusCode.BadRequest, 1, "cql is required.");
        Assert.Equal(HttpStatusCode.OK, (await Cql("select count(*) from Account where balance >= ?", "[0]")).Status);
    }

    [Fact]
    public async Task FetchWhenSaveShowsAWriterWhoMayNotReadNoMoreThanThePlainAnswer()
    {
        var (ownerToken, ownerId) = await _lc.SignUpByPhoneAsync(Phones.NewMainland());
        var (other, _) = await _lc.SignUpByPhoneAsync(Phones.NewMainland());
        // An inbox: anyone may drop a note, only its owner reads it.
        var acl = new JObject { ["*"] = new JObject { ["write"] = true }, [ownerId] = new JObject { ["read"] = true, ["write"] = true } };
        var id = (string)(await Master(HttpMethod.Post, "classes/Inbox", new JObject { ["secret"] = "s3cret", ["ACL"] = acl })).Body["objectId"]!;

        var put = await _lc.CallAsync(HttpMethod.Put, $"classes/Inbox/{id}?fetchWhenSave=true", new { note = "hi" }, other);
        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(["objectId", "updatedAt"], ((JObject)put.Body).Properties().Select(p => p.Name).Order().ToArray());
        var batch = await _lc.CallAsync(HttpMethod.Post, "batch", new JObject
        {
            ["requests"] = new JArray(new JObject
            {
                ["method"] = "PUT", ["path"] = $"/1.1/classes/Inbox/{id}", ["body"] = new JObject { ["note"] = "again" },
                ["params"] = new JObject { ["fetchWhenSave"] = true },
            }),
        }, other);
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        Assert.Null(batch.Body[0]!["success"]!["secret"]);
        Assert.Equal(id, (string?)batch.Body[0]!["success"]!["objectId"]);
        // Its owner, who may read it, gets the whole object.
        var owners = await _lc.CallAsync(HttpMethod.Put, $"classes/Inbox/{id}?fetchWhenSave=true", new { seen = true }, ownerToken);
        Assert.Equal("s3cret", (string?)owners.Body["secret"]);
        Assert.Equal("again", (string?)owners.Body["note"]);
    }

    [Fact]
    public async Task AConditionOnAClassTheCallerMayUpdateButNotGetReadsNothing()
    {
        var (token, _) = await _lc.SignUpByPhoneAsync(Phones.NewMainland());
        var schema = await _host.Client.RestAsync(HttpMethod.Post, "schemas/Vault", new
        {
            className = "Vault", fields = new { pin = new { type = "String" }, touched = new { type = "Number" } },
            classLevelPermissions = new Dictionary<string, object> { ["get"] = new { }, ["find"] = new { }, ["update"] = new Dictionary<string, bool> { ["*"] = true } },
        }, master: true);
        Assert.True(schema.Status == HttpStatusCode.OK, schema.Raw);
        var id = (string)(await Master(HttpMethod.Post, "classes/Vault", new { pin = "1234" })).Body["objectId"]!;

        // Unconditioned, the update is allowed; a condition would be a query on the object: refused alike, whether it matches or not.
        Assert.Equal(HttpStatusCode.OK, (await _lc.CallAsync(HttpMethod.Put, $"classes/Vault/{id}", new { touched = 1 }, token)).Status);
        var matching = await _lc.CallAsync(HttpMethod.Put, $"classes/Vault/{id}?where={Where(new { pin = new Dictionary<string, string> { ["$regex"] = "^1" } })}", new { touched = 2 }, token);
        var missing = await _lc.CallAsync(HttpMethod.Put, $"classes/Vault/{id}?where={Where(new { pin = new Dictionary<string, string> { ["$regex"] = "^9" } })}", new { touched = 3 }, token);
        Assert.NotEqual(HttpStatusCode.OK, matching.Status);
        Assert.Equal((matching.Status, matching.Raw), (missing.Status, missing.Raw));
        Assert.Equal(1, (int)(await Master(HttpMethod.Get, $"classes/Vault/{id}")).Body["touched"]!);
    }

    [Fact]
    public async Task ClientsCannotSearchUsersThroughSubQueriesWhileUserQueriesAreClosed()
    {
        var (token, userId) = await _lc.SignUpByPhoneAsync(Phones.NewMainland());
        Assert.Equal(HttpStatusCode.Created, (await Master(HttpMethod.Post, "classes/Post", new JObject
        {
            ["author"] = new JObject { ["__type"] = "Pointer", ["className"] = "_User", ["objectId"] = userId }, ["title"] = "t",
        })).Status);
        var inQuery = Where(new JObject { ["author"] = new JObject { ["$inQuery"] = new JObject { ["className"] = "_User", ["where"] = new JObject() } } });
        var select = Where(new JObject { ["title"] = new JObject { ["$select"] = new JObject { ["query"] = new JObject { ["className"] = "_User", ["where"] = new JObject() }, ["key"] = "username" } } });
        const string Forbidden = "Forbidden to find by class permissions.";

        (await _lc.CallAsync(HttpMethod.Get, $"classes/Post?where={inQuery}", session: token)).AssertError(HttpStatusCode.Forbidden, 403, Forbidden);
        (await _lc.CallAsync(HttpMethod.Get, $"classes/Post?where={select}", session: token)).AssertError(HttpStatusCode.Forbidden, 403, Forbidden);
        (await _lc.CallAsync(HttpMethod.Get, $"cloudQuery?cql={Uri.EscapeDataString("select * from Post where author in (select objectId from _User)")}", session: token))
            .AssertError(HttpStatusCode.Forbidden, 403, Forbidden);
        var post = (string)(await Master(HttpMethod.Get, "classes/Post")).Body["results"]![0]!["objectId"]!;
        (await _lc.CallAsync(HttpMethod.Put, $"classes/Post/{post}?where={inQuery}", new { title = "u" }, token)).AssertError(HttpStatusCode.Forbidden, 403, Forbidden);
        var batch = await _lc.CallAsync(HttpMethod.Post, "batch", new JObject
        {
            ["requests"] = new JArray(new JObject { ["method"] = "GET", ["path"] = "/1.1/classes/Post", ["params"] = new JObject { ["where"] = Uri.UnescapeDataString(inQuery) } }),
        }, token);
        Assert.Equal(403, (int)batch.Body[0]!["error"]!["code"]!);

        // The master key may; so may clients once user queries are opened.
        var found = await Master(HttpMethod.Get, $"classes/Post?where={inQuery}");
        Assert.Single(found.Body["results"]!);
        await using var open = await TestHost.StartAsync(LeanCloudClient.Settings(new() { ["LeanCloud:AllowClientUserQueries"] = "true" }), engine: engine);
        var lc = new LeanCloudClient(open);
        var (openToken, openUserId) = await lc.SignUpByPhoneAsync(Phones.NewMainland());
        await lc.CallAsync(HttpMethod.Post, "classes/Post", new JObject { ["author"] = new JObject { ["__type"] = "Pointer", ["className"] = "_User", ["objectId"] = openUserId } }, auth: LeanCloudAuth.MasterSign);
        var opened = await lc.CallAsync(HttpMethod.Get, $"classes/Post?where={inQuery}", session: openToken);
        Assert.Equal(HttpStatusCode.OK, opened.Status);
    }

    [Fact]
    public async Task ArrayOperatorsOnPlainColumnsMatchNothingAndNeverFail()
    {
        foreach (var field in new[] { "objectId", "createdAt", "updatedAt" })
        {
            var sized = await _lc.CallAsync(HttpMethod.Get, $"classes/Account?where={Where(new JObject { [field] = new JObject { ["$size"] = 1 } })}");
            Assert.True(sized.Status == HttpStatusCode.OK, sized.Raw);
            Assert.Empty(sized.Body["results"]!);
            var all = await _lc.CallAsync(HttpMethod.Get, $"classes/Account?where={Where(new JObject { [field] = new JObject { ["$all"] = new JArray("x") } })}");
            Assert.True(all.Status == HttpStatusCode.OK, all.Raw);
            Assert.Empty(all.Body["results"]!);
            var cql = await _lc.CallAsync(HttpMethod.Get, $"cloudQuery?cql={Uri.EscapeDataString($"select * from Account where size({field}) = 0")}");
            Assert.True(cql.Status == HttpStatusCode.OK, cql.Raw);
            Assert.Empty(cql.Body["results"]!);
        }
    }

    [Fact]
    public async Task ARelationsQueryInABatchFindsTheObjectsTheRelationHolds()
    {
        var member = (string)(await Master(HttpMethod.Post, "classes/Member", new { name = "m" })).Body["objectId"]!;
        var team = (string)(await Master(HttpMethod.Post, "classes/Team", new JObject
        {
            ["members"] = new JObject { ["__op"] = "AddRelation", ["objects"] = new JArray(new JObject { ["__type"] = "Pointer", ["className"] = "Member", ["objectId"] = member }) },
        })).Body["objectId"]!;
        var where = JToken.FromObject(new JObject { ["$relatedTo"] = new JObject { ["object"] = new JObject { ["__type"] = "Pointer", ["className"] = "Team", ["objectId"] = team }, ["key"] = "members" } })
            .ToString(Newtonsoft.Json.Formatting.None);
        var batch = await _lc.CallAsync(HttpMethod.Post, "batch", new JObject
        {
            ["requests"] = new JArray(new JObject
            {
                ["method"] = "GET", ["path"] = "/1.1/classes/Team", ["params"] = new JObject { ["where"] = where, ["redirectClassNameForKey"] = "members" },
            }),
        });
        Assert.Equal(HttpStatusCode.OK, batch.Status);
        Assert.Equal([member], batch.Body[0]!["success"]!["results"]!.Select(r => (string)r["objectId"]!).ToArray());
    }

    [Fact]
    public async Task TwoRefreshesOfOneTokenLeaveOneLiveTokenWithTheSessionsExpiry()
    {
        var (token, id) = await _lc.SignUpByPhoneAsync(Phones.NewMainland());
        var before = await _host.Client.RestAsync(HttpMethod.Get, "sessions/me", sessionToken: token);
        var refreshes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _lc.CallAsync(HttpMethod.Put, $"users/{id}/refreshSessionToken", session: token)));

        var won = Assert.Single(refreshes, r => r.Status == HttpStatusCode.OK);
        Assert.Single(refreshes, r => r.Status != HttpStatusCode.OK);
        var fresh = (string)won.Body["sessionToken"]!;
        (await _lc.CallAsync(HttpMethod.Get, "users/me", session: token)).AssertError(HttpStatusCode.BadRequest, 211);
        var after = await _host.Client.RestAsync(HttpMethod.Get, "sessions/me", sessionToken: fresh);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        // A refresh does not lengthen the session: a stolen token cannot be kept alive by refreshing it.
        Assert.Equal((string?)before.Body["expiresAt"]!["iso"], (string?)after.Body["expiresAt"]!["iso"]);
        var sessions = await _host.Client.RestAsync(HttpMethod.Get, $"classes/_Session?where={Where(new JObject { ["user"] = new JObject { ["__type"] = "Pointer", ["className"] = "_User", ["objectId"] = id } })}", master: true);
        Assert.Single(sessions.Body["results"]!);
    }

    [Fact]
    public async Task UserRoutesNeedTheirOwnSessionOrTheMasterKey()
    {
        var phone = Phones.NewMainland();
        var (token, id) = await _lc.SignUpByPhoneAsync(phone);
        (await _lc.CallAsync(HttpMethod.Put, $"users/{id}/updatePassword", new { old_password = "x", new_password = "y" }))
            .AssertError(HttpStatusCode.BadRequest, 206);
        // A phone user has no password yet: no old password can be right.
        (await _lc.CallAsync(HttpMethod.Put, $"users/{id}/updatePassword", new { old_password = "x", new_password = "y" }, token))
            .AssertError(HttpStatusCode.BadRequest, 210, "The username and password mismatch.");
        (await _lc.CallAsync(HttpMethod.Put, $"users/{id}/updatePassword", new { old_password = "x" }, token)).AssertError(HttpStatusCode.BadRequest, 201);
        (await _lc.CallAsync(HttpMethod.Put, $"users/{id}/refreshSessionToken")).AssertError(HttpStatusCode.BadRequest, 206);

        // The master key refreshes any user's token, ending every session it had.
        var refreshed = await _lc.CallAsync(HttpMethod.Put, $"users/{id}/refreshSessionToken", auth: LeanCloudAuth.MasterSign);
        Assert.Equal(HttpStatusCode.OK, refreshed.Status);
        Assert.Equal(Phones.National(phone), (string?)refreshed.Body["mobilePhoneNumber"]);
        (await _lc.CallAsync(HttpMethod.Get, "users/me", session: token)).AssertError(HttpStatusCode.BadRequest, 211, "Could not find user.");
        Assert.Equal(HttpStatusCode.OK, (await _lc.CallAsync(HttpMethod.Get, "users/me", session: (string)refreshed.Body["sessionToken"]!)).Status);
        (await _lc.CallAsync(HttpMethod.Get, "classes/_User")).AssertError(HttpStatusCode.Forbidden, 403, "Forbidden to find by class permissions.");
    }
}

public sealed class LeanCloudDataRestOnSqlite() : DataRestTests(StorageEngine.Sqlite);

public sealed class LeanCloudDataRestOnPostgres() : DataRestTests(StorageEngine.Postgres);
