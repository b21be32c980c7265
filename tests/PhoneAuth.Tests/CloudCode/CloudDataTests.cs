using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.CloudCode;

/// <summary>
/// The data API for cloud code, driven through functions on the real host, on each engine: the caller's
/// rights by default and the master key on request, queries with include, count and pages, typed
/// objects, and Parse error codes for bad input.
/// </summary>
public abstract class CloudDataTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;
    private ParseClient Client => _host.Client;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(services: s => s.AddSingleton<ICloudCodeModule, Module>(), engine: engine);
        // Clients may not create classes (Parse's default): the app's own classes are made with the master key.
        var made = await Client.RestAsync(HttpMethod.Post, "schemas/Note", new { className = "Note" }, master: true);
        Assert.True(made.Status == HttpStatusCode.OK, made.Raw);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [ParseClass("Task")]
    public sealed class TodoItem : ParseEntity
    {
        public string? Title { get; set; }
        public int Stars { get; set; }
        public DateTimeOffset? DueAt { get; set; }
        public List<string> Tags { get; set; } = [];
    }

    private sealed class Module : ICloudCodeModule
    {
        public void Register(CloudFunctionRegistry cloud)
        {
            cloud.Define("notesCreate", async request =>
            {
                var note = new ParseObject("Note").Set("text", request.RequireString("text")).Set("n", request.Params["n"]?.GetValue<int>() ?? 0)
                    .Set("owner", ParseObject.WithoutData("_User", request.User!.Id)).SetAcl(ParseAcl.Private(request.User!.Id));
                if (request.GetString("book") is { } book) note.Set("book", ParseObject.WithoutData("Book", book));
                await request.Data.SaveAsync(note, request.CancellationToken);
                return note.Id;
            }, new CloudFunctionRules { RequireUser = true });

            cloud.Define("notesRead", async request =>
                (await Data(request).GetAsync("Note", request.RequireString("id"), request.CancellationToken)).Get<string>("text"));

            cloud.Define("notesDestroy", async request =>
            {
                await Data(request).DestroyAsync(ParseObject.WithoutData("Note", request.RequireString("id")), request.CancellationToken);
                return "destroyed";
            });

            cloud.Define("notesCount", async request => await Data(request).Query("Note").CountAsync(request.CancellationToken));

            cloud.Define("notesEach", async request =>
            {
                var seen = new JsonArray();
                await Data(request).Query("Note").GreaterThanOrEqualTo("n", 0).EachAsync(note =>
                {
                    seen.Add(note.Get<int>("n"));
                    return Task.CompletedTask;
                }, pageSize: 2, request.CancellationToken);
                return seen;
            });

            cloud.Define("notesQuery", async request =>
            {
                var query = Data(request).Query("Note").Include("book", "owner").Descending("n").Limit(3)
                    .Or(Data(request).Query("Note").LessThan("n", 2), Data(request).Query("Note").ContainedIn("n", [4, 5]))
                    .StartsWith("text", "note");
                return new JsonArray([.. (await query.FindAsync(request.CancellationToken)).Select(note => (JsonNode)new JsonObject
                {
                    ["n"] = note.Get<int>("n"),
                    ["book"] = note.GetObject("book")?.Get<string>("title"),
                    ["owner"] = note.GetObject("owner")?.Get<string>("username"),
                })]);
            });

            cloud.Define("notesIncrement", async request =>
            {
                var note = await Data(request).GetAsync("Note", request.RequireString("id"), request.CancellationToken);
                note.Increment("n", 10).AddUnique("tags", "a", "b");
                await Data(request).SaveAsync(note, request.CancellationToken);
                return note.Get<int>("n");
            });

            cloud.Define("tasksRoundTrip", async request =>
            {
                var data = request.Data.AsMaster();
                var item = new TodoItem { Title = "write tests", Stars = 3, DueAt = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), Tags = ["x"] };
                await data.SaveAsync(item, request.CancellationToken);
                var read = await data.GetAsync<TodoItem>(item.ObjectId!, request.CancellationToken);
                read.Stars++;
                await data.SaveAsync(read, request.CancellationToken);
                var found = await data.Query<TodoItem>().EqualTo("title", "write tests").FirstAsync<TodoItem>(request.CancellationToken);
                await data.DestroyAsync(found!, request.CancellationToken);
                return new JsonObject
                {
                    ["stars"] = found!.Stars, ["due"] = found.DueAt?.ToString("O"), ["tags"] = new JsonArray([.. found.Tags.Select(t => (JsonNode)t)]),
                    ["left"] = await data.Query<TodoItem>().CountAsync(request.CancellationToken),
                };
            });

            cloud.Define("operators", async request =>
            {
                var data = request.Data.AsMaster();
                var cats = new[] { new ParseObject("Cat").Set("label", "A"), new ParseObject("Cat").Set("label", "B") };
                foreach (var cat in cats) await data.SaveAsync(cat);
                string[] names = ["Alpha", "beta", "Gamma", "delta", "Epsilon", "zeta"];
                var items = new List<ParseObject>();
                for (var n = 0; n < names.Length; n++)
                {
                    var item = new ParseObject("Item").Set("n", n).Set("name", names[n]).Set("tags", new[] { "t" + (n % 3), "all" }).Set("cat", cats[n < 3 ? 0 : 1]);
                    if (n % 2 == 0) item.Set("opt", true);
                    await data.SaveAsync(item);
                    items.Add(item);
                }
                var shelf = new ParseObject("Shelf").AddRelation("items", items[1], items[2]);
                await data.SaveAsync(shelf);

                async Task<JsonNode> Ns(CloudQuery query) =>
                    new JsonArray([.. (await query.Ascending("n").FindAsync()).Select(o => (JsonNode)o.Get<int>("n"))]);
                CloudQuery Items() => data.Query("Item");
                return new JsonObject
                {
                    ["notEqualTo"] = await Ns(Items().NotEqualTo("n", 0)),
                    ["notContainedIn"] = await Ns(Items().NotContainedIn("n", [0, 1, 2])),
                    ["containsAll"] = await Ns(Items().ContainsAll("tags", ["t1", "all"])),
                    ["containedBy"] = await Ns(Items().ContainedBy("tags", ["t0", "t2", "all"])),
                    ["exists"] = await Ns(Items().Exists("opt")),
                    ["doesNotExist"] = await Ns(Items().DoesNotExist("opt")),
                    ["matchesI"] = await Ns(Items().Matches("name", "^[ab]", "i")),
                    ["endsWith"] = await Ns(Items().EndsWith("name", "ta")),
                    ["contains"] = await Ns(Items().Contains("name", "mm")),
                    ["matchesQuery"] = await Ns(Items().MatchesQuery("cat", data.Query("Cat").EqualTo("label", "B"))),
                    ["doesNotMatchQuery"] = await Ns(Items().DoesNotMatchQuery("cat", data.Query("Cat").EqualTo("label", "B"))),
                    ["matchesKeyInQuery"] = await Ns(Items().MatchesKeyInQuery("n", "n", data.Query("Item").Exists("opt").GreaterThan("n", 1))),
                    ["relatedTo"] = await Ns(Items().RelatedTo(shelf, "items")),
                    ["nor"] = await Ns(Items().Nor(Items().LessThan("n", 2), Items().GreaterThan("n", 4))),
                    ["skipLimit"] = await Ns(Items().Skip(1).Limit(2)),
                    ["lessOrEqual"] = await Ns(Items().LessThanOrEqualTo("n", 1)),
                    ["select"] = (await Items().Select("name").Ascending("n").FirstAsync())!.ToJson().Select(f => f.Key).Order().Aggregate((a, b) => a + "," + b),
                };
            });

            cloud.Define("tagUser", async request =>
            {
                var data = request.Data.AsMaster();
                var user = await data.Query("_User").EqualTo("username", request.RequireString("username")).FirstAsync();
                user!.Set("level", 5).Increment("visits");
                await data.SaveAsync(user);
                return user.Get<int>("visits");
            });
            cloud.Define("tagMe", async request =>
            {
                var me = await request.Data.GetAsync("_User", request.User!.Id);
                await request.Data.SaveAsync(me.Set("nick", request.RequireString("nick")));
                return me.Get<string>("nick");
            }, new CloudFunctionRules { RequireUser = true });
            cloud.Define("tagOther", async request =>
            {
                await request.Data.SaveAsync(ParseObject.WithoutData("_User", request.RequireString("id")).Set("nick", "mine now"));
                return "saved";
            });
            cloud.Define("renameMe", async request =>
            {
                await request.Data.SaveAsync(ParseObject.WithoutData("_User", request.User!.Id).Set("username", "taken-over"));
                return "saved";
            });

            cloud.Define("badField", async request => await request.Data.AsMaster().Query("Note").EqualTo("bad-field", 1).FindAsync());
            cloud.Define("badClass", async request => await request.Data.AsMaster().Query("Bad Class").FindAsync());
            cloud.Define("badRegex", async request => await request.Data.AsMaster().Query("Note").Matches("text", "(a)\\1").FindAsync());
        }

        private static CloudData Data(CloudRequest request) => request.Params["master"]?.GetValue<bool>() == true ? request.Data.AsMaster() : request.Data;
    }

    private async Task<(string Id, string Token)> SignUpAsync()
    {
        var answer = await Client.RestAsync(HttpMethod.Post, "users", new { username = "u" + Guid.NewGuid().ToString("N")[..10], password = "pw" });
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    [Fact]
    public async Task ThePrivateAclRefusesAnotherCallerButNotTheMasterKey()
    {
        var (_, alice) = await SignUpAsync();
        var (_, bob) = await SignUpAsync();
        var id = (string)(await Client.RunAsync("notesCreate", new { text = "alice's" }, alice))!;

        Assert.Equal("alice's", (string?)await Client.RunAsync("notesRead", new { id }, alice));
        (await Client.CallAsync("notesRead", new { id }, bob)).AssertError(HttpStatusCode.NotFound, 101);
        Assert.Equal("alice's", (string?)await Client.RunAsync("notesRead", new { id, master = true }, bob));

        Assert.Equal(1, (int)(await Client.RunAsync("notesCount", new { }, alice))!);
        Assert.Equal(0, (int)(await Client.RunAsync("notesCount", new { }, bob))!);
        (await Client.CallAsync("notesDestroy", new { id }, bob)).AssertError(HttpStatusCode.NotFound, 101);
        Assert.Equal("destroyed", (string?)await Client.RunAsync("notesDestroy", new { id, master = true }, bob));
        Assert.Equal(0, (int)(await Client.RunAsync("notesCount", new { master = true }, bob))!);
    }

    [Fact]
    public async Task QueriesIncludePointersAndCombineOperators()
    {
        var (_, alice) = await SignUpAsync();
        var book = await Client.RestAsync(HttpMethod.Post, "classes/Book", new { title = "Dune" }, master: true);
        var bookId = (string)book.Body["objectId"]!;
        for (var n = 0; n < 6; n++) await Client.RunAsync("notesCreate", new { text = "note " + n, n, book = bookId }, alice);
        await Client.RunAsync("notesCreate", new { text = "other", n = 1 }, alice);

        var found = (JArray)await Client.RunAsync("notesQuery", new { }, alice);
        Assert.Equal([5, 4, 1], found.Select(o => (int)o["n"]!));
        Assert.All(found, o => Assert.Equal("Dune", (string?)o["book"]));
        Assert.All(found, o => Assert.StartsWith("u", (string?)o["owner"]));
    }

    [Fact]
    public async Task EachVisitsEveryMatchPageByPageAndIncrementsApplyInTheStore()
    {
        var (_, alice) = await SignUpAsync();
        for (var n = 0; n < 5; n++) await Client.RunAsync("notesCreate", new { text = "note", n }, alice);
        var seen = (JArray)await Client.RunAsync("notesEach", new { }, alice);
        Assert.Equal([0, 1, 2, 3, 4], seen.Select(v => (int)v!).Order());

        var id = (string)(await Client.RunAsync("notesCreate", new { text = "count me", n = 1 }, alice))!;
        Assert.Equal(11, (int)(await Client.RunAsync("notesIncrement", new { id }, alice))!);
        var stored = await Client.RestAsync(HttpMethod.Get, "classes/Note/" + id, master: true);
        Assert.Equal(11, (int)stored.Body["n"]!);
        Assert.Equal(["a", "b"], ((JArray)stored.Body["tags"]!).Select(t => (string)t!));
    }

    [Fact]
    public async Task EveryOperatorOfTheQueryModelIsAvailable()
    {
        var result = (JObject)await Client.RunAsync("operators", new { });
        int[] Ns(string name) => [.. ((JArray)result[name]!).Select(v => (int)v!)];
        Assert.Equal([1, 2, 3, 4, 5], Ns("notEqualTo"));
        Assert.Equal([3, 4, 5], Ns("notContainedIn"));
        Assert.Equal([1, 4], Ns("containsAll"));
        Assert.Equal([0, 2, 3, 5], Ns("containedBy"));
        Assert.Equal([0, 2, 4], Ns("exists"));
        Assert.Equal([1, 3, 5], Ns("doesNotExist"));
        Assert.Equal([0, 1], Ns("matchesI"));
        Assert.Equal([1, 3, 5], Ns("endsWith"));
        Assert.Equal([2], Ns("contains"));
        Assert.Equal([3, 4, 5], Ns("matchesQuery"));
        Assert.Equal([0, 1, 2], Ns("doesNotMatchQuery"));
        Assert.Equal([2, 4], Ns("matchesKeyInQuery"));
        Assert.Equal([1, 2], Ns("relatedTo"));
        Assert.Equal([2, 3, 4], Ns("nor"));
        Assert.Equal([1, 2], Ns("skipLimit"));
        Assert.Equal([0, 1], Ns("lessOrEqual"));
        Assert.Equal("createdAt,name,objectId,updatedAt", (string?)result["select"]);
    }

    [Fact]
    public async Task UsersOwnFieldsAreSavedByTheUserOrTheMasterKeyOnly()
    {
        var username = "u" + Guid.NewGuid().ToString("N")[..10];
        var signUp = await Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" });
        var (id, token) = ((string)signUp.Body["objectId"]!, (string)signUp.Body["sessionToken"]!);
        var (_, other) = await SignUpAsync();

        Assert.Equal(1, (int)(await Client.RunAsync("tagUser", new { username }))!);
        Assert.Equal(2, (int)(await Client.RunAsync("tagUser", new { username }))!);
        Assert.Equal("me", (string?)await Client.RunAsync("tagMe", new { nick = "me" }, token));
        var stored = await Client.RestAsync(HttpMethod.Get, "users/" + id, master: true);
        Assert.Equal(5, (int)stored.Body["level"]!);
        Assert.Equal("me", (string?)stored.Body["nick"]);

        (await Client.CallAsync("tagOther", new { id }, other)).AssertError(HttpStatusCode.BadRequest, 206);
        (await Client.CallAsync("renameMe", new { }, token)).AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to set username.");
        Assert.Equal("me", (string?)(await Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["nick"]);
    }

    [Fact]
    public async Task TypedObjectsRoundTripThroughTheirParseClass()
    {
        var result = await Client.RunAsync("tasksRoundTrip", new { });
        Assert.Equal(4, (int)result["stars"]!);
        Assert.Equal("2030-01-02T03:04:05.0000000+00:00", (string?)result["due"]);
        Assert.Equal(["x"], ((JArray)result["tags"]!).Select(t => (string)t!));
        Assert.Equal(0, (int)result["left"]!);
    }

    [Fact]
    public async Task BadQueriesAreAnsweredWithParseCodesNever5xx()
    {
        (await Client.CallAsync("badField", new { })).AssertError(HttpStatusCode.BadRequest, 105);
        (await Client.CallAsync("badClass", new { })).AssertError(HttpStatusCode.BadRequest, 103);
        (await Client.CallAsync("badRegex", new { })).AssertError(HttpStatusCode.BadRequest, 102);
    }
}

public sealed class CloudDataTestsOnSqlite() : CloudDataTests(StorageEngine.Sqlite);

public sealed class CloudDataTestsOnPostgres() : CloudDataTests(StorageEngine.Postgres);
