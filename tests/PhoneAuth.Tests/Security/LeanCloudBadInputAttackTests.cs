using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;
using static PhoneAuth.Tests.Security.BadInput;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// The LeanCloud dialect under the same seeded bad input: 1,000 requests on its routes — the phone and
/// user routes and the data routes (classes, roles, batch, schemas, cloudQuery, users' queries,
/// updatePassword, refreshSessionToken) — with good, forged, stale and replayed keys (the master key's
/// among them) and sessions, hostile query strings and random CQL. None may be answered 5xx; every
/// error is LeanCloud JSON; the server still serves.
/// </summary>
public sealed class LeanCloudBadInputAttackTests(ITestOutputHelper output)
{
    private static readonly (string Method, string Path)[] Routes =
    [
        ("POST", "requestSmsCode"), ("POST", "verifySmsCode/{code}"), ("POST", "usersByMobilePhone"), ("POST", "requestLoginSmsCode"),
        ("POST", "login"), ("POST", "requestMobilePhoneVerify"), ("POST", "verifyMobilePhone/{code}"), ("POST", "requestPasswordResetBySmsCode"),
        ("PUT", "resetPasswordBySmsCode/{code}"), ("POST", "requestChangePhoneNumber"), ("POST", "changePhoneNumber"), ("POST", "users"),
        ("GET", "users/me"), ("GET", "users/{id}"), ("PUT", "users/{id}"), ("PUT", "classes/_User/{id}"), ("GET", "nowhere"),
        ("GET", "users"), ("GET", "classes/_User"), ("DELETE", "users/{id}"), ("DELETE", "classes/_User/{id}"),
        ("PUT", "users/{id}/updatePassword"), ("PUT", "users/{id}/refreshSessionToken"),
        ("POST", "classes/{class}"), ("GET", "classes/{class}"), ("GET", "classes/{class}/{object}"), ("PUT", "classes/{class}/{object}"),
        ("DELETE", "classes/{class}/{object}"), ("POST", "roles"), ("GET", "roles"), ("GET", "roles/{object}"), ("PUT", "roles/{object}"),
        ("DELETE", "roles/{object}"), ("POST", "batch"), ("GET", "schemas"), ("GET", "schemas/{class}"), ("GET", "cloudQuery"),
    ];

    private static readonly string[] LeanCloudParams =
        ["mobilePhoneNumber", "smsCode", "code", "password", "username", "email", "smsType", "ttl", "validate_token", "mobilePhoneVerified", "authData", "ACL",
         "old_password", "new_password", "requests", "cql", "pvalues", "name", "users", "roles", "n", "tags"];

    /// <summary>LeanCloud's query-string parameters of the data routes.</summary>
    private static readonly string[] QueryParams =
        ["where", "keys", "order", "limit", "skip", "include", "count", "returnACL", "new", "fetchWhenSave", "cql", "pvalues", "redirectClassNameForKey"];

    private static readonly string[] Classes = ["Target", "Target", "_User", "_Role", "_Session", "a'b", "名字", "Target;--", "1x", "_Installation"];

    /// <summary>The pieces random CQL is made of: keywords, names, values, operators, and what breaks parsers.</summary>
    private static readonly string[] CqlTokens =
    [
        "select", "*", "count(*)", "include", "from", "Target", "_User", "_Session", "where", "and", "or", "not", "in", "all", "(", ")", ",", "=", "!=", "<>",
        "<", ">=", "like", "regexp", "is", "exists", "size(tags)", "limit", "order", "by", "desc", "?", "'x'", "'%a_'", "'(a+)+$'", "1", "-1", "1e999",
        "0.5.5", "date('x')", "date('2024-01-01T00:00:00.000Z')", "pointer('Target','abc')", "geopoint(1,2)", "$x", "'unterminated", "\"", "n", "tags",
        "o.k", "objectId", "password", "mobilePhoneNumber", ";", "--", "/*",
    ];

    [Fact]
    public async Task AThousandBadRequestsGetNo5xxAndEveryErrorIsLeanCloudJson()
    {
        await using var host = await TestHost.StartAsync(LeanCloudClient.Settings(new() { ["Limits:SendsPerIpPerHour"] = "100000", ["Limits:AllowedCountryCodes:0"] = "*" }));
        var lc = new LeanCloudClient(host);
        var (token, id) = await lc.SignUpByPhoneAsync(Phones.NewMainland());
        // The attacked user may well be deleted or have its token refreshed by the attack itself; a bystander must not notice.
        var (bystander, _) = await lc.SignUpByPhoneAsync(Phones.NewMainland());
        var seeded = await lc.CallAsync(HttpMethod.Post, "classes/Target", JObject.Parse("""{"n":1,"tags":["x"],"o":{"k":1}}"""), auth: LeanCloudAuth.MasterSign);
        Assert.Equal(HttpStatusCode.Created, seeded.Status);
        var objectId = (string)seeded.Body["objectId"]!;
        var random = new Random(20261121);
        var tally = new BadInputTally(IsLeanCloudError, "LeanCloud JSON");

        for (var i = 0; i < 1000; i++)
        {
            var (method, path) = Routes[random.Next(Routes.Length)];
            path = path.Replace("{id}", random.Next(2) == 0 ? id : Uri.EscapeDataString(Pick(random, Nasty)))
                .Replace("{code}", Uri.EscapeDataString(random.Next(2) == 0 ? "123456" : Pick(random, Nasty)))
                .Replace("{class}", Uri.EscapeDataString(Pick(random, Classes)))
                .Replace("{object}", random.Next(2) == 0 ? objectId : Uri.EscapeDataString(Pick(random, Nasty)));
            if (random.Next(2) == 0) path += "?" + string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ => QueryParameter(random)));
            var body = new JObject();
            foreach (var _ in Enumerable.Range(0, random.Next(0, 6)))
            {
                // Removed first: Json.NET compares a replaced value with the new one, and fails on some pairs of extremes.
                var name = Pick(random, random.Next(2) == 0 ? LeanCloudParams : Params);
                body.Remove(name);
                body[name] = RandomValue(random, 0);
            }
            if (path.StartsWith("batch", StringComparison.Ordinal) && random.Next(2) == 0) body["requests"] = BatchRequests(random, objectId);
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(host.ServerUrl, "/1.1/" + path)) { Content = new ByteArrayContent(Body(random, body)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType(random));
            request.Headers.TryAddWithoutValidation("X-LC-Id", random.Next(20) == 0 ? "other-app" : LeanCloudClient.AppId);
            var now = host.Time.GetUtcNow();
            request.Headers.TryAddWithoutValidation(random.Next(5) == 0 ? "X-LC-Key" : "X-LC-Sign", random.Next(8) switch
            {
                0 => Ascii(Pick(random, Nasty)),
                1 => LeanCloudClient.Sign(now.AddHours(-1), LeanCloudClient.AppKey), // a replay
                2 => LeanCloudClient.Sign(now, "forged-key", master: true),
                3 => LeanCloudClient.Sign(now, LeanCloudClient.MasterKey, master: true),
                _ => LeanCloudClient.Sign(now, LeanCloudClient.AppKey),
            });
        if (random.Next(3) == 0) request.Headers.TryAddWithoutValidation("X-LC-Session", random.Next(2) == 0 ? token : Ascii(Pick(random, Nasty)));
            await tally.SendAsync(host.Http, request);
        }

        var me = await lc.CallAsync(HttpMethod.Get, "users/me", session: bystander);
        Figures.Report(output, "Attack: 1,000 malformed, forged, replayed and injection requests on the LeanCloud dialect's routes (SQLite)",
            [.. tally.Figures(), ("users/me afterwards", (int)me.Status)]);

        tally.AssertClean(host.Logs);
        Assert.Equal(HttpStatusCode.OK, me.Status);
    }

    [Fact]
    public async Task RandomCqlGetsNo5xxAndEveryRefusalIsAClearLeanCloudError()
    {
        await using var host = await TestHost.StartAsync(LeanCloudClient.Settings());
        var lc = new LeanCloudClient(host);
        Assert.Equal(HttpStatusCode.Created, (await lc.CallAsync(HttpMethod.Post, "classes/Target", new { n = 1, tags = new[] { "x" } }, auth: LeanCloudAuth.MasterSign)).Status);
        var random = new Random(20261204);
        var tally = new BadInputTally(IsLeanCloudError, "LeanCloud JSON");
        var answered = 0;
        for (var i = 0; i < 600; i++)
        {
            var tokens = string.Join(" ", Enumerable.Range(0, random.Next(1, 14)).Select(_ => Pick(random, CqlTokens)));
            // A third random words, a third a statement's beginning and random words, a third a statement that may well run.
            var cql = random.Next(3) switch
            {
                0 => tokens,
                1 => "select * from Target where " + tokens,
                _ => $"select {Pick(random, ["*", "count(*)", "n, tags", "count(*), *", "include p, *"])} from {Pick(random, ["Target", "Target", "_User", "Nope"])} " +
                    $"where {Pick(random, ["n", "tags", "o.k", "s", "objectId"])} {Pick(random, ["=", "!=", ">", "<=", "in", "not in", "like", "regexp", "all", "is"])} " +
                    $"{Pick(random, ["?", "1", "'x'", "('x', ?)", "(select n from Target where n > ?)", "exists", "not exists", "'%x_'", "date(?)", "pointer('Target', ?)"])} " +
                    Pick(random, ["", "limit 2", "order by -n", "limit 1, 1 order by n desc", "and size(tags) = ?", "or n > ?"]),
            };
            var pvalues = new JArray(Enumerable.Range(0, random.Next(0, 3)).Select(_ => Pick(random, PlaceholderValues)));
            var query = $"cloudQuery?cql={Uri.EscapeDataString(cql)}" + (random.Next(3) == 0 ? "" : $"&pvalues={Uri.EscapeDataString(pvalues.ToString(Newtonsoft.Json.Formatting.None))}");
            var answer = await lc.CallAsync(HttpMethod.Get, query, auth: random.Next(2) == 0 ? LeanCloudAuth.MasterSign : LeanCloudAuth.Sign);
            tally.Count(answer, "cloudQuery " + cql);
            if (answer.Status == HttpStatusCode.OK) answered++;
        }
        Figures.Report(output, "Attack: 600 random CQL statements (SQLite)", [.. tally.Figures(), ("answered 200", answered)]);
        tally.AssertClean(host.Logs);
        Assert.True(answered > 0, "No statement ran: the generator tests the reader only.");
    }

    /// <summary>Values for CQL's placeholders: each JSON type, Parse's types, and hostile text (short: they travel in the URL).</summary>
    private static readonly JToken[] PlaceholderValues =
    [
        1, -1, 1e308, "x", "", "' OR '1'='1", "2024-01-01T00:00:00.000Z", true, JValue.CreateNull(), new JArray(1, "x"), new JObject(),
        JObject.Parse("""{"__type":"Pointer","className":"Target","objectId":"abc"}"""), JObject.Parse("""{"__type":"Date","iso":"nope"}"""),
        JObject.Parse("""{"$gt":1}"""), "Target", "(a+)+$",
    ];

    private static string QueryParameter(Random random)
    {
        var name = Pick(random, QueryParams);
        var value = random.Next(3) switch
        {
            0 => Pick(random, Nasty),
            1 => name == "cql" ? "select * from Target where " + Pick(random, CqlTokens) : RandomValue(random, 1).ToString(Newtonsoft.Json.Formatting.None),
            _ => name switch { "where" => """{"n":{"$gt":0}}""", "keys" => "-n,tags", "limit" => "1001", "new" or "returnACL" => "true", _ => "1" },
        };
        return $"{name}={Uri.EscapeDataString(value.Length > 4000 ? value[..4000] : value)}";
    }

    /// <summary>A batch's requests: well-formed ones on the data paths (destroyAll's comma ids among them), and broken ones.</summary>
    private static JArray BatchRequests(Random random, string objectId) =>
        new(Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(4) switch
        {
            0 => RandomValue(random, 2),
            _ => new JObject
            {
                ["method"] = Pick(random, ["GET", "POST", "PUT", "DELETE", "PATCH", "get"]),
                ["path"] = Pick(random, ["/1.1/classes/Target", $"/1.1/classes/Target/{objectId}", $"/1.1/classes/Target/{objectId},{objectId},x",
                    "/1.1/users", "/1.1/users/me", "/1.1/batch", "/1.1/roles", "/1.1/classes/_Session", "/parse/classes/Target", "/1.1/classes/a'b/1", "/1.1/"]),
                ["body"] = random.Next(3) == 0 ? RandomValue(random, 1) : new JObject { ["n"] = RandomValue(random, 1) },
                ["params"] = random.Next(2) == 0 ? RandomValue(random, 1) : new JObject { [Pick(random, QueryParams)] = RandomValue(random, 1) },
            },
        }));

    /// <summary>LeanCloud's error shape: {"code": number, "error": string}.</summary>
    private static bool IsLeanCloudError(string text)
    {
        try { return JToken.Parse(text) is JObject error && error["code"]?.Type == JTokenType.Integer && error["error"]?.Type == JTokenType.String; }
        catch (Newtonsoft.Json.JsonException) { return false; }
    }
}
