using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;
using static PhoneAuth.Tests.Security.BadInput;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// The data routes under attack: the shapes of Parse Server's PostgreSQL SQL-injection advisories (a
/// field name in dot-notation, a nested Increment, a query field name, an order key), hostile class
/// names, include and keys paths, catastrophic patterns and every failing value shape, on every data
/// route and operator, as a user and with the master key. None may be answered 5xx, every error is a
/// clear Parse error, and a refused write changes nothing: the class's objects are compared before
/// and after each one.
/// </summary>
public abstract class DataBadInputAttackTests(StorageEngine engine, ITestOutputHelper output)
{
    /// <summary>Names built to break out of a quoted identifier, a JSON path or a string literal.</summary>
    private static readonly string[] HostileNames =
    [
        "a'b", "a\"b", "a;DROP TABLE objects;--", "n');DELETE FROM objects;--", "n.x'||(SELECT 1)||'", "o.k') OR 1=1--", "n\"].k", "$where", "__proto__",
        "constructor", "a b", "a\u0000b", "a\\b", "a`b", "名字", new string('n', 5000), "_rperm", "data", "id", "class_name", "ACL.x", "o..k", ".o", "o.", "o.k.l.m.n.o.p.q.r",
        "o.k'", "-n", "n,s", "*", "1n", "",
    ];

    private static readonly string[] QueryOperators =
        ["$eq", "$ne", "$lt", "$lte", "$gt", "$gte", "$in", "$nin", "$all", "$exists", "$regex", "$containedBy", "$size", "$inQuery", "$notInQuery", "$select", "$dontSelect", "$relatedTo", "$nearSphere", "$text", "$options", "$bogus"];

    private static readonly string[] FieldOperators = ["Increment", "Decrement", "Add", "AddUnique", "Remove", "Delete", "AddRelation", "RemoveRelation", "Batch", "SetOnInsert", "Bogus"];

    /// <summary>
    /// Patterns whose backtracking takes exponential time, and .NET syntax PostgreSQL's engine does not
    /// share: they must neither hang nor fail.
    /// </summary>
    private static readonly string[] CatastrophicPatterns =
        ["(a+)+$", "(a|aa)+$", "(a|a?)+$", "([a-z]+)*$", "(x+x+)+y", "^(\\w+\\s?)*$", "(.*a){20}", "\\p{L}+", "(?<n>a)", "(?i:A)b", "[[:alpha:]]+", "\\G a", "(?>a+)", "a{,3}", "\\Qa(\\E"];

    [Fact]
    public async Task HostileNamesAndValuesOnEveryDataRouteGetNo5xxAndChangeNothing()
    {
        await using var host = await TestHost.StartAsync(engine: engine);
        var client = host.Client;
        var signUp = await client.RestAsync(HttpMethod.Post, "users", new { username = "attacker", password = "pw" });
        var token = (string)signUp.Body["sessionToken"]!;
        var created = await client.RestAsync(HttpMethod.Post, "classes/Target",
            JObject.Parse("""{"n":1,"s":"canary aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!","o":{"k":1},"tags":["x"],"p":{"__type":"Pointer","className":"Target","objectId":"abcdefghij"}}"""), master: true);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body["objectId"]!;
        var tally = new BadInputTally(IsClearError, "Parse JSON");
        var changedByRefusal = new List<string>();
        var serverErrors = new List<string>();

        async Task<string> SnapshotAsync() => (await client.RestAsync(HttpMethod.Get, "classes/Target?order=objectId&limit=1000", master: true)).Raw;
        var snapshot = await SnapshotAsync();

        async Task SendAsync(HttpMethod method, string path, JToken? body, bool master = false)
        {
            var answer = await client.RestAsync(method, path, body, master ? null : token, master);
            // A NUL in the path is invalid HTTP: Kestrel refuses it, empty, before any application code.
            if ((int)answer.Status is 400 && answer.Raw.Length == 0 && path.Contains("%00")) tally.CountKestrelRefusal(400);
            else tally.Count(answer, $"{method} {path} {body?.ToString(Newtonsoft.Json.Formatting.None)}");
            if ((int)answer.Status >= 500) serverErrors.Add($"{method} {path[..Math.Min(120, path.Length)]} {body?.ToString(Newtonsoft.Json.Formatting.None)[..Math.Min(200, body.ToString(Newtonsoft.Json.Formatting.None).Length)]} → {answer.Raw}");
            if (method == HttpMethod.Get) return;
            var now = await SnapshotAsync();
            if ((int)answer.Status >= 400 && now != snapshot) changedByRefusal.Add($"{method} {path} {body?.ToString(Newtonsoft.Json.Formatting.None)[..Math.Min(200, body.ToString(Newtonsoft.Json.Formatting.None).Length)]} → {answer.Raw}");
            snapshot = now;
        }
        // Query parameters travel in the body, as the SDK sends them: no shape is cut short by the URL's limit.
        static JObject W(JToken where) => new() { ["where"] = where };

        foreach (var master in new[] { false, true })
        {
            foreach (var name in HostileNames)
            {
                var escaped = Uri.EscapeDataString(name);
                // Field names in writes: plain, as an operator target, nested Increment (GHSA-q3vj-96h2-gwvg).
                await SendAsync(HttpMethod.Post, "classes/Target", new JObject { [name] = 1 }, master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { [name] = new JObject { ["__op"] = "Increment", ["amount"] = 1 } }, master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { ["o." + name] = new JObject { ["__op"] = "Increment", ["amount"] = 1 } }, master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { [name] = new JObject { ["__op"] = "AddRelation", ["objects"] = new JArray(JObject.Parse("""{"__type":"Pointer","className":"Target","objectId":"abcdefghij"}""")) } }, master);
                // Field names in queries (GHSA-c442-97qw-j6c6, GHSA-qpr4-jrj4-6f27), order keys, keys, include.
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { [name] = 1 }), master);
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { [name] = new JObject { ["$gt"] = "a" } }), master);
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { ["$or"] = new JArray(new JObject { [name] = new JObject { ["$exists"] = true } }) }), master);
                await SendAsync(HttpMethod.Get, "classes/Target", new JObject { ["order"] = name }, master);
                await SendAsync(HttpMethod.Get, "classes/Target", new JObject { ["order"] = "-" + name + ",n" }, master);
                await SendAsync(HttpMethod.Get, "classes/Target", new JObject { ["keys"] = name }, master);
                await SendAsync(HttpMethod.Get, "classes/Target", new JObject { ["excludeKeys"] = name }, master);
                await SendAsync(HttpMethod.Get, "classes/Target", new JObject { ["include"] = name }, master);
                await SendAsync(HttpMethod.Get, "classes/_User", new JObject { ["order"] = name, ["where"] = new JObject { [name] = "x" } }, master);
                await SendAsync(HttpMethod.Get, "classes/_Session", new JObject { ["order"] = name, ["where"] = new JObject { [name] = "x" } }, master);
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { ["n"] = new JObject { ["$select"] = new JObject { ["query"] = new JObject { ["className"] = "Target", ["where"] = new JObject() }, ["key"] = name } } }), master);
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { ["$relatedTo"] = new JObject { ["object"] = JObject.Parse($$"""{"__type":"Pointer","className":"Target","objectId":"{{id}}"}"""), ["key"] = name } }), master);
                // Class names in paths, in pointers, in sub-queries, in schemas and in batch paths.
                await SendAsync(HttpMethod.Post, "classes/" + escaped, new JObject { ["n"] = 1 }, master);
                await SendAsync(HttpMethod.Get, "classes/" + escaped, W(new JObject { ["n"] = 1 }), master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { ["p"] = new JObject { ["__type"] = "Pointer", ["className"] = name, ["objectId"] = "abcdefghij" } }, master);
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { ["p"] = new JObject { ["$inQuery"] = new JObject { ["className"] = name, ["where"] = new JObject() } } }), master);
                await SendAsync(HttpMethod.Post, "schemas/" + escaped, new JObject { ["fields"] = new JObject { [name] = new JObject { ["type"] = "String" } } }, master);
                await SendAsync(HttpMethod.Put, "schemas/Target", new JObject { ["fields"] = new JObject { [name] = new JObject { ["type"] = "String" } }, ["indexes"] = new JObject { ["i" + Math.Abs(name.GetHashCode()) % 1000] = new JObject { [name] = 1 } } }, master);
                await SendAsync(HttpMethod.Put, "schemas/Target", new JObject { ["indexes"] = new JObject { [name] = new JObject { ["n"] = 1 } } }, master);
                await SendAsync(HttpMethod.Put, "schemas/Target", new JObject { ["classLevelPermissions"] = new JObject { ["find"] = new JObject { [name] = true } } }, master);
                await SendAsync(HttpMethod.Post, "batch", new JObject { ["requests"] = new JArray(new JObject { ["method"] = "POST", ["path"] = "/parse/classes/" + name, ["body"] = new JObject { [name] = 1 } }) }, master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + escaped, new JObject { ["n"] = 2 }, master);
                await SendAsync(HttpMethod.Delete, "classes/Target/" + escaped, null, master);
            }

            // Every operator, and every field operation, with every failing value shape.
            foreach (var shape in Shapes().Concat(Extremes))
            {
                foreach (var op in QueryOperators)
                    await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { ["n"] = new JObject { [op] = shape.DeepClone() } }), master);
                foreach (var op in FieldOperators)
                    await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { ["n"] = new JObject { ["__op"] = op, ["amount"] = shape.DeepClone(), ["objects"] = shape.DeepClone(), ["ops"] = shape.DeepClone() } }, master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { ["n"] = shape.DeepClone() }, master);
                await SendAsync(HttpMethod.Put, "classes/Target/" + id, new JObject { ["ACL"] = shape.DeepClone() }, master);
                await SendAsync(HttpMethod.Post, "classes/Target", new JObject { ["s"] = shape.DeepClone(), ["tags"] = shape.DeepClone() }, master);
                await SendAsync(HttpMethod.Post, "batch", new JObject { ["requests"] = shape.DeepClone() }, master);
                await SendAsync(HttpMethod.Post, "batch", new JObject { ["transaction"] = true, ["requests"] = new JArray(new JObject { ["method"] = "PUT", ["path"] = "/parse/classes/Target/" + id, ["body"] = new JObject { ["n"] = 5 } }, shape.DeepClone()) }, master);
                foreach (var parameter in new[] { "limit", "skip", "order", "keys", "include", "count", "where", "excludeKeys", "redirectClassNameForKey" })
                    await SendAsync(HttpMethod.Get, "classes/Target", new JObject { [parameter] = shape.DeepClone() }, master);
            }

            foreach (var pattern in CatastrophicPatterns)
            {
                await SendAsync(HttpMethod.Get, "classes/Target", W(new JObject { ["s"] = new JObject { ["$regex"] = pattern } }), master);
                await SendAsync(HttpMethod.Get, "classes/_User", W(new JObject { ["username"] = new JObject { ["$regex"] = pattern, ["$options"] = "i" } }), master);
            }
        }

        var canary = await client.RestAsync(HttpMethod.Get, "classes/Target/" + id, master: true);
        var users = await client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        Figures.Report(output, $"Attack: hostile names, advisory shapes and failing values on every data route and operator ({engine})",
            [.. tally.Figures(),
             ("refused writes that changed stored objects", changedByRefusal.Count),
             ("canary object afterwards", canary.Status == HttpStatusCode.OK ? "intact" : "lost"),
             ("login afterwards", users.Status == HttpStatusCode.OK ? "works" : "broken")]);

        Assert.Empty(serverErrors);
        tally.AssertClean(host.Logs);
        Assert.Empty(changedByRefusal);
        Assert.Equal(HttpStatusCode.OK, canary.Status);
        Assert.Equal(HttpStatusCode.OK, users.Status);
    }
}

public sealed class DataBadInputAttackTestsOnSqlite(ITestOutputHelper output) : DataBadInputAttackTests(StorageEngine.Sqlite, output);

public sealed class DataBadInputAttackTestsOnPostgres(ITestOutputHelper output) : DataBadInputAttackTests(StorageEngine.Postgres, output);
