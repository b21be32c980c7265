using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Tests.Storage;

/// <summary>
/// The object store's contract, run unchanged on every engine: writes on the exact state they replace,
/// all-or-nothing batches, every query operator with the same answers in the same order, reads
/// filtered by ACL, roles resolved through any depth, unique indexes, and indexes a query uses.
/// </summary>
public abstract partial class StorageContractTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ClassSchema Scores = new()
    {
        ClassName = "Score",
        Fields = new Dictionary<string, FieldSchema>
        {
            ["n"] = new(FieldType.Number), ["s"] = new(FieldType.String), ["b"] = new(FieldType.Boolean), ["d"] = new(FieldType.Date),
            ["tags"] = new(FieldType.Array), ["o"] = new(FieldType.Object), ["p"] = new(FieldType.Pointer, "Player"),
        },
        Version = 1,
    };

    private static StoredObject Obj(string className, string id, string fields, string? acl = null, int minute = 0) => new()
    {
        ClassName = className, Id = id, Fields = JsonNode.Parse(fields)!.AsObject(), Acl = acl is null ? null : JsonNode.Parse(acl)!.AsObject(),
        CreatedAt = Epoch.AddMinutes(minute), UpdatedAt = Epoch.AddMinutes(minute), Version = 1,
    };

    private async Task CreateAsync(params StoredObject[] objects)
    {
        var outcomes = await Objects.WriteAsync([.. objects.Select(o => new CreateObject(o, []))], atomic: true, None);
        Assert.All(outcomes, o => Assert.Null(o.Error));
    }

    private QueryScope ScoresScope(Viewer? viewer = null) => new(viewer ?? Viewer.Master, new Dictionary<string, ClassSchema> { ["Score"] = Scores });

    private async Task<string[]> ScoreIds(Condition where, QueryScope? scope = null, params OrderKey[] order) =>
        [.. (await Objects.FindAsync(new ObjectQuery { ClassName = "Score", Where = where, Order = order }, scope ?? ScoresScope(), None)).Objects.Select(o => o.Id)];

    private static Comparison Compare(string path, Comparator op, JsonNode? value) => new(FieldPath.Parse(path), op, value);

    private static JsonNode J(string json) => JsonNode.Parse(json)!;

    [Fact]
    public async Task ObjectsAreWrittenReadAndDeletedWithTheirRelationMembers()
    {
        await CreateAsync(Obj("Team", "t1", """{"name":"red"}"""));
        var added = await Objects.WriteAsync([new UpdateObject("Team", "t1", current => new ObjectUpdate(
            current with { Fields = new JsonObject { ["name"] = "blue" }, Version = current.Version + 1 },
            [new RelationMembers("members", ["u1", "u2"], Add: true)]))], atomic: false, None);
        Assert.Null(added[0].Error);

        var stored = await Objects.FindByIdAsync("Team", "t1", None);
        Assert.Equal("blue", (string?)stored!.Fields["name"]);
        Assert.Equal(2, stored.Version);
        Assert.Equal(2, await CountRelationRowsAsync("Team", "t1"));

        var deleted = await Objects.WriteAsync([new DeleteObject("Team", "t1", _ => { })], atomic: false, None);
        Assert.Null(deleted[0].Error);
        Assert.Null(await Objects.FindByIdAsync("Team", "t1", None));
        Assert.Equal(0, await CountRelationRowsAsync("Team", "t1"));
        var missing = await Objects.WriteAsync([new DeleteObject("Team", "t1", _ => { })], atomic: false, None);
        Assert.Equal(AuthError.ObjectNotFound, missing[0].Error?.Error);
    }

    private async Task<long> CountRelationRowsAsync(string className, string id) =>
        await Database.RunAsync(async c => Convert.ToInt64(await c.Command("SELECT COUNT(*) FROM relations WHERE owning_class = @c AND owning_id = @id")
            .With("c", className).With("id", id).ExecuteScalarAsync(None)), None);

    [Fact]
    public async Task ConcurrentWritesToOneObjectEachSeeThePreviousOne()
    {
        await CreateAsync(Obj("Counter", "c1", """{"n":0}"""));
        var increment = new FieldOperation.Increment(JsonValue.Create(1));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => Objects.WriteAsync([new UpdateObject("Counter", "c1", current =>
        {
            var fields = (JsonObject)current.Fields.DeepClone();
            increment.ApplyTo(fields, "n");
            return new ObjectUpdate(current with { Fields = fields, Version = current.Version + 1 }, []);
        })], atomic: false, None))));

        var stored = await Objects.FindByIdAsync("Counter", "c1", None);
        Assert.Equal(100, (int)stored!.Fields["n"]!);
        Assert.Equal(101, stored.Version);
    }

    [Fact]
    public async Task AnAtomicBatchIsAllOrNothingAndReportsTheOneRefusal()
    {
        var outcomes = await Objects.WriteAsync(
        [
            new CreateObject(Obj("Card", "k1", """{"n":1}"""), []),
            new UpdateObject("Card", "nosuch", current => new ObjectUpdate(current, [])),
            new CreateObject(Obj("Card", "k2", """{"n":2}"""), []),
        ], atomic: true, None);

        Assert.Null(outcomes[0].Error);
        Assert.Equal(AuthError.ObjectNotFound, outcomes[1].Error?.Error);
        Assert.Null(outcomes[2].Error);
        Assert.Null(await Objects.FindByIdAsync("Card", "k1", None));
        Assert.Null(await Objects.FindByIdAsync("Card", "k2", None));

        var separate = await Objects.WriteAsync(
        [
            new CreateObject(Obj("Card", "k1", """{"n":1}"""), []),
            new UpdateObject("Card", "nosuch", current => new ObjectUpdate(current, [])),
        ], atomic: false, None);
        Assert.Null(separate[0].Error);
        Assert.NotNull(await Objects.FindByIdAsync("Card", "k1", None));
    }

    [Fact]
    public async Task ARefusalInsideAWriteLeavesTheObjectAsItWas()
    {
        await CreateAsync(Obj("Card", "k1", """{"n":1}"""));
        var outcome = await Objects.WriteAsync([new UpdateObject("Card", "k1", _ => throw new PhoneAuthException(AuthError.ObjectNotFound))], atomic: false, None);
        Assert.Equal(AuthError.ObjectNotFound, outcome[0].Error?.Error);
        Assert.Equal(1, (int)(await Objects.FindByIdAsync("Card", "k1", None))!.Fields["n"]!);
    }

    private async Task SeedScoresAsync() => await CreateAsync(
        Obj("Score", "a", """{"n":1,"s":"apple","b":true,"d":{"__type":"Date","iso":"2026-01-01T00:00:00.000Z"},"tags":["x","y"],"o":{"k":1,"w":"deep"},"p":{"__type":"Pointer","className":"Player","objectId":"p1"}}""", minute: 1),
        Obj("Score", "b", """{"n":2,"s":"Banana","b":false,"d":{"__type":"Date","iso":"2026-02-01T00:00:00.000Z"},"tags":["y"],"o":{"k":2},"p":{"__type":"Pointer","className":"Player","objectId":"p2"}}""", minute: 2),
        Obj("Score", "c", """{"n":3,"s":"cherry","tags":[],"o":{"k":3}}""", minute: 3),
        Obj("Score", "d", """{"n":3,"s":"apple pie","b":true,"tags":["x","y","z"]}""", minute: 4),
        Obj("Score", "e", """{"s":null}""", minute: 5),
        Obj("Other", "z", """{"n":1,"s":"apple"}""", minute: 0));

    [Fact]
    public async Task ComparisonsAndSetsAnswerTheSameOnEveryEngine()
    {
        await SeedScoresAsync();
        Assert.Equal(["c", "d"], await ScoreIds(Compare("n", Comparator.Equal, 3)));
        Assert.Equal(["a", "b", "e"], await ScoreIds(Compare("n", Comparator.NotEqual, 3)));
        Assert.Equal(["a", "b"], await ScoreIds(Compare("n", Comparator.Less, 3)));
        Assert.Equal(["b", "c", "d"], await ScoreIds(Compare("n", Comparator.GreaterOrEqual, 2)));
        Assert.Equal(["a"], await ScoreIds(Compare("n", Comparator.LessOrEqual, 1)));
        Assert.Empty(await ScoreIds(Compare("n", Comparator.Equal, "3")));
        Assert.Equal(["a", "d"], await ScoreIds(Compare("b", Comparator.Equal, true)));
        Assert.Equal(["b", "c", "e"], await ScoreIds(Compare("b", Comparator.NotEqual, true)));
        Assert.Equal(["e"], await ScoreIds(Compare("s", Comparator.Equal, null)));
        Assert.Equal(["a", "b", "c", "d"], await ScoreIds(Compare("s", Comparator.NotEqual, null)));

        Assert.Equal(["a", "c"], await ScoreIds(new InList(FieldPath.Of("s"), [J("\"apple\""), J("\"cherry\"")], Negated: false)));
        Assert.Equal(["b", "d", "e"], await ScoreIds(new InList(FieldPath.Of("s"), [J("\"apple\""), J("\"cherry\"")], Negated: true)));
        Assert.Equal(["a", "c", "e"], await ScoreIds(new InList(FieldPath.Of("s"), [J("\"apple\""), J("\"cherry\""), null], Negated: false)));
        Assert.Equal(["a", "b", "c", "d"], await ScoreIds(new Exists(FieldPath.Of("n"), true)));
        Assert.Equal(["d", "e"], await ScoreIds(new Exists(FieldPath.Of("o"), false)));

        // Dates compare as times, pointers by their objectId.
        Assert.Equal(["b"], await ScoreIds(Compare("d", Comparator.Greater, J("""{"__type":"Date","iso":"2026-01-15T00:00:00Z"}"""))));
        Assert.Equal(["a"], await ScoreIds(Compare("p", Comparator.Equal, J("""{"__type":"Pointer","className":"Player","objectId":"p1"}"""))));
        Assert.Equal(["b"], await ScoreIds(new InList(FieldPath.Of("p"), [J("""{"__type":"Pointer","className":"Player","objectId":"p2"}""")], Negated: false)));

        // Built-in fields.
        Assert.Equal(["b"], await ScoreIds(Compare("objectId", Comparator.Equal, "b")));
        Assert.Equal(["d", "e"], await ScoreIds(Compare("createdAt", Comparator.Greater, J("""{"__type":"Date","iso":"2026-03-01T00:03:30.000Z"}"""))));
    }

    [Fact]
    public async Task ArraysNestedKeysPatternsAndBooleanLogicAnswerTheSameOnEveryEngine()
    {
        await SeedScoresAsync();
        // Equality with an array field means "holds".
        Assert.Equal(["a", "d"], await ScoreIds(Compare("tags", Comparator.Equal, "x")));
        Assert.Equal(["a", "d"], await ScoreIds(new ContainsAll(FieldPath.Of("tags"), [J("\"x\""), J("\"y\"")])));
        Assert.Equal(["a", "b", "c"], await ScoreIds(new ContainedBy(FieldPath.Of("tags"), [J("\"x\""), J("\"y\"")])));
        Assert.Equal(["b", "d"], await ScoreIds(new AnyOf([new InList(FieldPath.Of("tags"), [J("\"z\"")], Negated: false), new SizeIs(FieldPath.Of("tags"), 1)])));
        Assert.Equal(["c"], await ScoreIds(new SizeIs(FieldPath.Of("tags"), 0)));

        Assert.Equal(["b"], await ScoreIds(Compare("o.k", Comparator.Equal, 2)));
        Assert.Equal(["b", "c"], await ScoreIds(Compare("o.k", Comparator.Greater, 1)));
        Assert.Equal(["a"], await ScoreIds(Compare("o.w", Comparator.Equal, "deep")));
        Assert.Equal(["a", "c"], await ScoreIds(new AllOf([new Exists(FieldPath.Parse("o.k"), true), new NoneOf([Compare("o.k", Comparator.Equal, 2)])])));

        Assert.Equal(["a", "d"], await ScoreIds(new Matches(FieldPath.Of("s"), "^apple", "")));
        Assert.Equal(["a", "b", "d"], await ScoreIds(new Matches(FieldPath.Of("s"), "^(apple|banana)", "i")));
        Assert.Equal(["d"], await ScoreIds(new Matches(FieldPath.Of("s"), "apple pie$", "")));
        Assert.Empty(await ScoreIds(new Matches(FieldPath.Of("n"), "1", "")));
        // A word boundary means the same on both engines (PostgreSQL's own spelling is \y).
        Assert.Equal(["a", "d"], await ScoreIds(new Matches(FieldPath.Of("s"), "apple\\b", "")));
        Assert.Equal(["d"], await ScoreIds(new Matches(FieldPath.Of("s"), "\\bpie\\b", "")));

        Assert.Equal(["a", "c", "d"], await ScoreIds(new AnyOf([Compare("n", Comparator.Equal, 1), Compare("n", Comparator.Equal, 3)])));
        Assert.Equal(["d"], await ScoreIds(new AllOf([Compare("n", Comparator.Equal, 3), Compare("b", Comparator.Equal, true)])));
        Assert.Equal(["b", "e"], await ScoreIds(new NoneOf([Compare("n", Comparator.Equal, 1), Compare("n", Comparator.Equal, 3)])));
    }

    [Fact]
    public async Task OrderSkipLimitAndCountAreTheSameOnEveryEngine()
    {
        await SeedScoresAsync();
        OrderKey By(string path, bool descending = false) => new(FieldPath.Parse(path), descending);
        // Missing values last ascending and first descending (PostgreSQL's order); ties by createdAt, then objectId.
        Assert.Equal(["a", "b", "c", "d", "e"], await ScoreIds(AllOf.Always, null, By("n")));
        Assert.Equal(["e", "c", "d", "b", "a"], await ScoreIds(AllOf.Always, null, By("n", true)));
        Assert.Equal(["e", "d", "c", "b", "a"], await ScoreIds(AllOf.Always, null, By("n", true), By("createdAt", true)));
        // Text orders bytewise: capitals first, on every engine and in every locale.
        Assert.Equal(["b", "a", "d", "c", "e"], await ScoreIds(AllOf.Always, null, By("s")));
        Assert.Equal(["e", "d", "c", "b", "a"], await ScoreIds(AllOf.Always, null, By("objectId", true)));
        Assert.Equal(["a", "b", "c", "d", "e"], await ScoreIds(AllOf.Always, null, By("o.k")));

        var page = await Objects.FindAsync(new ObjectQuery { ClassName = "Score", Order = [By("n")], Skip = 1, Limit = 2, Count = true }, ScoresScope(), None);
        Assert.Equal(["b", "c"], page.Objects.Select(o => o.Id));
        Assert.Equal(5, page.Count);
        var countOnly = await Objects.FindAsync(new ObjectQuery { ClassName = "Score", Where = Compare("n", Comparator.Equal, 3), Limit = 0, Count = true }, ScoresScope(), None);
        Assert.Empty(countOnly.Objects);
        Assert.Equal(2, countOnly.Count);
        Assert.Equal(5, await Objects.CountClassAsync("Score", None));
    }

    [Fact]
    public async Task SubQueriesAndRelationsBecomeOneStatement()
    {
        await SeedScoresAsync();
        await CreateAsync(
            Obj("Player", "p1", """{"name":"ann","level":5}"""),
            Obj("Player", "p2", """{"name":"bob","level":1}"""));
        var players = new Dictionary<string, ClassSchema>
        {
            ["Score"] = Scores,
            ["Player"] = new() { ClassName = "Player", Fields = new Dictionary<string, FieldSchema> { ["name"] = new(FieldType.String), ["level"] = new(FieldType.Number) } },
        };
        var scope = new QueryScope(Viewer.Master, players);
        var strong = new ObjectQuery { ClassName = "Player", Where = Compare("level", Comparator.Greater, 2) };
        Assert.Equal(["a"], await ScoreIds(new MatchesQuery(FieldPath.Of("p"), strong, Negated: false), scope));
        Assert.Equal(["b", "c", "d", "e"], await ScoreIds(new MatchesQuery(FieldPath.Of("p"), strong, Negated: true), scope));

        // $select / $dontSelect: the other class's values, whatever the types its schema declares.
        var other = new ObjectQuery { ClassName = "Other" };
        Assert.Equal(["a"], await ScoreIds(new MatchesKeyInQuery(FieldPath.Of("n"), other, FieldPath.Of("n"), Negated: false), scope));
        Assert.Equal(["a"], await ScoreIds(new MatchesKeyInQuery(FieldPath.Of("s"), other, FieldPath.Of("s"), Negated: false), scope));
        Assert.Equal(["b", "c", "d", "e"], await ScoreIds(new MatchesKeyInQuery(FieldPath.Of("s"), other, FieldPath.Of("s"), Negated: true), scope));
        Assert.Empty(await ScoreIds(new MatchesKeyInQuery(FieldPath.Of("n"), other, FieldPath.Of("s"), Negated: false), scope));

        await Objects.WriteAsync([new UpdateObject("Player", "p1", current => new ObjectUpdate(current, [new RelationMembers("favourites", ["b", "c"], Add: true)]))], atomic: false, None);
        Assert.Equal(["b", "c"], await ScoreIds(new RelatedTo("Player", "p1", "favourites"), scope));
        Assert.Empty(await ScoreIds(new RelatedTo("Player", "p2", "favourites"), scope));
    }

    [Fact]
    public async Task ReadsAreFilteredByAclInTheDatabase()
    {
        await CreateAsync(
            Obj("Note", "open", """{"t":1}"""),
            Obj("Note", "mine", """{"t":2}""", acl: """{"u1":{"read":true,"write":true}}"""),
            Obj("Note", "staff", """{"t":3}""", acl: """{"role:Staff":{"read":true}}"""),
            Obj("Note", "public", """{"t":4}""", acl: """{"*":{"read":true}}"""),
            Obj("Note", "nobody", """{"t":5}""", acl: "{}"),
            Obj("Note", "writeonly", """{"t":6}""", acl: """{"u1":{"write":true}}"""));
        async Task<string[]> Seen(Viewer viewer) =>
            [.. (await Objects.FindAsync(new ObjectQuery { ClassName = "Note", Order = [new OrderKey(FieldPath.Of("t"), false)] }, new QueryScope(viewer, new Dictionary<string, ClassSchema>()), None)).Objects.Select(o => o.Id)];

        Assert.Equal(["open", "public"], await Seen(Viewer.Anonymous));
        Assert.Equal(["open", "mine", "public"], await Seen(new Viewer(false, "u1", new HashSet<string>())));
        Assert.Equal(["open", "staff", "public"], await Seen(new Viewer(false, "u2", new HashSet<string> { "Staff" })));
        Assert.Equal(["open", "mine", "staff", "public", "nobody", "writeonly"], await Seen(Viewer.Master));
    }

    [Fact]
    public async Task RolesAreHeldThroughEveryLevelInOneQueryAndCyclesEnd()
    {
        // admins ⊂ moderators ⊂ members: moderators.roles holds admins, members.roles holds moderators.
        await CreateAsync(
            Obj("_Role", "r1", """{"name":"admins"}"""),
            Obj("_Role", "r2", """{"name":"moderators"}"""),
            Obj("_Role", "r3", """{"name":"members"}"""),
            Obj("_Role", "r4", """{"name":"unrelated"}"""));
        async Task Relate(string role, string field, params string[] ids) =>
            Assert.Null((await Objects.WriteAsync([new UpdateObject("_Role", role, c => new ObjectUpdate(c, [new RelationMembers(field, ids, Add: true)]))], false, None))[0].Error);
        await Relate("r1", "users", "alice");
        await Relate("r2", "roles", "r1");
        await Relate("r3", "roles", "r2");
        await Relate("r3", "users", "bob");
        // A cycle: admins.roles holds members.
        await Relate("r1", "roles", "r3");

        Assert.Equal(["admins", "members", "moderators"], (await Objects.RoleNamesOfAsync("alice", None)).Order(StringComparer.Ordinal));
        Assert.Equal(["admins", "members", "moderators"], (await Objects.RoleNamesOfAsync("bob", None)).Order(StringComparer.Ordinal));
        Assert.Empty(await Objects.RoleNamesOfAsync("carol", None));
    }

    [Fact]
    public async Task RoleNamesAreUnique()
    {
        await CreateAsync(Obj("_Role", "r1", """{"name":"admins"}"""));
        var outcome = await Objects.WriteAsync([new CreateObject(Obj("_Role", "r2", """{"name":"admins"}"""), [])], atomic: false, None);
        Assert.Equal(AuthError.DuplicateValue, outcome[0].Error?.Error);
    }

    [Fact]
    public async Task AUniqueIndexRefusesADuplicateAndCannotBeBuiltOverOne()
    {
        var accounts = new ClassSchema { ClassName = "Account", Fields = new Dictionary<string, FieldSchema> { ["handle"] = new(FieldType.String), ["n"] = new(FieldType.Number) }, Version = 1 };
        await Schemas.CreateIndexAsync(accounts, "handle_unique", new IndexSpec([new IndexField("handle")], Unique: true), None);
        await CreateAsync(Obj("Account", "a1", """{"handle":"ann"}"""), Obj("Other", "o1", """{"handle":"ann"}"""));
        var duplicate = await Objects.WriteAsync([new CreateObject(Obj("Account", "a2", """{"handle":"ann"}"""), [])], atomic: false, None);
        Assert.Equal(AuthError.DuplicateValue, duplicate[0].Error?.Error);

        await CreateAsync(Obj("Account", "a3", """{"n":1}"""), Obj("Account", "a4", """{"n":1}"""));
        var refused = await Assert.ThrowsAsync<PhoneAuthException>(() => Schemas.CreateIndexAsync(accounts, "n_unique", new IndexSpec([new IndexField("n")], Unique: true), None));
        Assert.Equal(AuthError.DuplicateValue, refused.Error);
    }

    [Fact]
    public async Task AWhereOnAnIndexedFieldUsesTheIndexInsteadOfScanningTheClass()
    {
        var schema = Scores with { ClassName = "Big" };
        await Schemas.CreateIndexAsync(schema, "n_1", new IndexSpec([new IndexField("n")]), None);
        // Other classes share the table; the index must single out this class's rows by value.
        for (var batch = 0; batch < 10; batch++)
            await CreateAsync([.. Enumerable.Range(0, 300).Select(i => Obj(i % 3 == 0 ? "Big" : "Crowd", $"o{batch}x{i}", $$"""{"n":{{batch * 300 + i}},"s":"v{{i}}"}"""))]);
        await Database.RunAsync(c => c.Command(Flavor is PhoneAuth.Server.Storage.Postgres.PostgresFlavor ? "ANALYZE objects" : "ANALYZE").ExecuteNonQueryAsync(None), None);

        var query = new ObjectQuery
        {
            ClassName = "Big", Where = new AllOf([Compare("n", Comparator.GreaterOrEqual, 1500), Compare("n", Comparator.Less, 1530)]),
            Order = [new OrderKey(FieldPath.Of("n"), true)], Limit = 20,
        };
        var plan = await ((SqlObjectStore)Objects).ExplainAsync(query, new QueryScope(Viewer.Master, new Dictionary<string, ClassSchema> { ["Big"] = schema }), None);
        Assert.Contains(IndexNameOf("Big", "n_1"), plan);
        Assert.DoesNotContain("Seq Scan", plan);
        Assert.DoesNotContain("SCAN objects\n", plan + "\n");
        var found = await Objects.FindAsync(query, new QueryScope(Viewer.Master, new Dictionary<string, ClassSchema> { ["Big"] = schema }), None);
        Assert.Equal([1527, 1524, 1521, 1518, 1515, 1512, 1509, 1506, 1503, 1500], found.Objects.Select(o => (int)o.Fields["n"]!));
    }

    private static string IndexNameOf(string className, string name) =>
        "ix_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(className + "\0" + name)))[..32];

    [Fact]
    public async Task SchemasChangeOnlyAtTheVersionReadAndDeletingAFieldEmptiesIt()
    {
        Assert.True(await Schemas.CreateAsync(new ClassSchema { ClassName = "Game", Version = 1 }, None));
        Assert.False(await Schemas.CreateAsync(new ClassSchema { ClassName = "Game", Version = 1 }, None));
        var withScore = new ClassSchema { ClassName = "Game", Fields = new Dictionary<string, FieldSchema> { ["score"] = new(FieldType.Number) }, Version = 2 };
        Assert.True(await Schemas.UpdateAsync(withScore, expectedVersion: 1, None));
        Assert.False(await Schemas.UpdateAsync(withScore with { Fields = new Dictionary<string, FieldSchema> { ["score"] = new(FieldType.String) } }, expectedVersion: 1, None));
        Assert.Equal(FieldType.Number, (await Schemas.FindAsync("Game", None))!.Field("score")!.Type);

        await CreateAsync(Obj("Game", "g1", """{"score":1,"keep":true}"""));
        await Schemas.DeleteFieldAsync("Game", "score", None);
        Assert.Equal("""{"keep":true}""", (await Objects.FindByIdAsync("Game", "g1", None))!.Fields.ToJsonString());
        Assert.True(await Schemas.DeleteAsync("Game", None));
        Assert.Null(await Schemas.FindAsync("Game", None));
        Assert.Null(await Objects.FindByIdAsync("Game", "g1", None));
    }
}
