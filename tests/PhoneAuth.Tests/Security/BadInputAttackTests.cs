using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;
using static PhoneAuth.Tests.Security.BadInput;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// 2,000 malformed, oversized, wrongly typed or injection-laden requests across every route, from a
/// seeded generator: none may be answered 5xx, every error must be a clear JSON error, and the server
/// must still serve afterwards.
/// </summary>
public abstract class BadInputAttackTests(StorageEngine engine, ITestOutputHelper output)
{
    private static readonly (string Method, string Path)[] Routes =
    [
        ("POST", "functions/requestSmsCode"), ("POST", "functions/signUpOrlogInWithMobilePhone"), ("POST", "functions/registerWithMobilePhone"),
        ("POST", "functions/logInWithMobilePhone"), ("POST", "functions/bindMobilePhone"), ("POST", "functions/unbindMobilePhone"),
        ("POST", "functions/verifyMyPhone"), ("POST", "functions/changeMobilePhone"), ("POST", "functions/resetPasswordBySmsCode"),
        ("POST", "functions/x'%20OR%201=1"), ("POST", "users"), ("GET", "users"), ("GET", "users/me"), ("GET", "users/{id}"),
        ("PUT", "users/{id}"), ("DELETE", "users/{id}"), ("GET", "classes/_User"), ("PUT", "classes/_User/{id}"), ("POST", "login"),
        ("GET", "login"), ("GET", "verifyPassword"), ("POST", "loginAs"), ("POST", "logout"), ("GET", "sessions"), ("GET", "sessions/me"),
        ("GET", "sessions/{id}"), ("DELETE", "sessions/{id}"), ("GET", "classes/_Session"), ("GET", "classes/_SmsLog"), ("GET", "health"),
        ("POST", "batch"), ("GET", "nowhere/at/all"),
        ("POST", "jobs/nosuchjob"), ("POST", "jobs"), ("GET", "classes/_JobStatus"), ("POST", "classes/_JobStatus"), ("GET", "health/ready"),
    ];

    [Fact]
    public async Task TwoThousandBadRequestsGetNo5xxAndTheServerStillServes()
    {
        await using var host = await TestHost.StartAsync(engine: engine, settings: new Dictionary<string, string?>
        {
            ["Limits:SendsPerIpPerHour"] = "100000", ["Limits:AllowedCountryCodes:0"] = "*",
        });
        var (userId, token) = await SignUpAsync(host);
        var random = new Random(20261121);
        var tally = new BadInputTally(IsClearError, "Parse JSON");

        for (var i = 0; i < 2000; i++)
        {
            var (method, path) = Routes[random.Next(Routes.Length)];
            path = path.Replace("{id}", random.Next(3) switch { 0 => userId, 1 => Uri.EscapeDataString(Pick(random, Nasty)), _ => "abcdefghij" });
            using var request = BuildRequest(random, method, path, token);
            await tally.SendAsync(host.Http, request);
        }

        // Then every shape that has made a server fail, under every key, on every route, as a user
        // whose session the random requests above cannot have ended; and under each field of a query.
        var (shapeUserId, shapeToken) = await SignUpAsync(host, "shape-target");
        var random2000 = tally.Sent;
        async Task SendShapedAsync(HttpMethod method, string path, JObject body, bool master = false)
        {
            var answer = await host.Client.RestAsync(method, path.Replace("{id}", shapeUserId), body, master ? null : shapeToken, master);
            tally.Count(answer, $"{method} {path} {body.ToString(Newtonsoft.Json.Formatting.None)}");
        }
        foreach (var shape in Shapes())
        {
            foreach (var (method, path) in Routes) await SendShapedAsync(new HttpMethod(method), path, AllParameters(shape));
            foreach (var path in QueryRoutes)
            {
                foreach (var field in QueryFields)
                {
                    await SendShapedAsync(HttpMethod.Get, path, new JObject { ["where"] = new JObject { [field] = shape.DeepClone() } });
                    await SendShapedAsync(HttpMethod.Get, path, new JObject { ["where"] = new JObject { [field] = shape.DeepClone() } }, master: true);
                }
                foreach (var parameter in new[] { "order", "limit", "skip", "keys", "count" })
                    await SendShapedAsync(HttpMethod.Get, path, new JObject { [parameter] = shape.DeepClone() });
            }
        }
        // Arithmetic at the edges: a stored extreme, incremented by another.
        foreach (var start in Extremes)
        {
            foreach (var amount in Extremes)
            {
                await SendShapedAsync(HttpMethod.Put, "users/{id}", new JObject { ["score"] = start }, master: true);
                await SendShapedAsync(HttpMethod.Put, "users/{id}", new JObject { ["score"] = new JObject { ["__op"] = "Increment", ["amount"] = amount } }, master: true);
            }
        }
        var shaped = tally.Sent - random2000;

        // An oversized URL is refused by Kestrel itself (414), before any application code.
        var longUrl = await host.Http.GetAsync("functions/requestSmsCode?where=" + new string('x', 20_000));
        tally.CountKestrelRefusal((int)longUrl.StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);

        var healthy = await host.Client.RestAsync(HttpMethod.Get, "health");
        var phone = Phones.NewMainland();
        var flow = await PhoneFlow.SignInAsync(host, phone);
        Figures.Report(output, $"Attack: 2,000 malformed, oversized, ill-typed and injection requests on every route, {shaped:N0} with every failing shape under every key, and one 20 kB URL ({engine})",
            [.. tally.Figures(),
             ("health afterwards", (int)healthy.Status),
             ("phone sign-in afterwards", flow.StartsWith("r:") ? "works" : "broken")]);

        tally.AssertClean(host.Logs);
        Assert.Equal(HttpStatusCode.OK, healthy.Status);
    }

    private static readonly string[] QueryRoutes = ["users", "classes/_User", "sessions", "classes/_Session", "classes/_SmsLog", "classes/_JobStatus"];

    private static readonly string[] QueryFields = ["objectId", "user", "phone", "username", "email", "score", "createdAt", "sessionToken", "emailVerified"];

    /// <summary>The shape under every parameter at once (but the password, which would end the session the phase runs on).</summary>
    private static JObject AllParameters(JToken shape)
    {
        var all = new JObject();
        foreach (var name in Params.Where(p => p != "password")) all[name] = shape.DeepClone();
        return all;
    }

    private static async Task<(string Id, string Token)> SignUpAsync(TestHost host, string username = "fuzz-target")
    {
        var answer = await host.Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw", email = username + "@x.io" });
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    private static HttpRequestMessage BuildRequest(Random random, string method, string path, string token)
    {
        // Query values stay within Kestrel's request-line limit; oversized URLs are tested on their own.
        var query = random.Next(4) == 0 ? "?" + string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(random, Params) + "=" + Uri.EscapeDataString(Pick(random, Nasty)))) : "";
        var sdkStyle = random.Next(2) == 0;
        var request = new HttpRequestMessage(sdkStyle ? HttpMethod.Post : new HttpMethod(method), path + query);
        var body = new JObject();
        foreach (var _ in Enumerable.Range(0, random.Next(0, 6))) body[Pick(random, Params)] = RandomValue(random, 0);
        if (sdkStyle)
        {
            body["_ApplicationId"] = random.Next(20) == 0 ? "wrong-app" : TestHost.AppId;
            if (method != "POST" || random.Next(10) == 0) body["_method"] = random.Next(8) == 0 ? RandomValue(random, 0) : method;
            if (random.Next(3) == 0) body["_SessionToken"] = random.Next(2) == 0 ? token : RandomValue(random, 0);
            if (random.Next(6) == 0) body["_context"] = RandomValue(random, 0);
            if (random.Next(10) == 0) body["_MasterKey"] = Pick(random, Nasty);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("X-Parse-Application-Id", TestHost.AppId);
            if (random.Next(3) == 0) request.Headers.TryAddWithoutValidation("X-Parse-Session-Token", random.Next(2) == 0 ? token : Ascii(Pick(random, Nasty)));
            if (random.Next(8) == 0) request.Headers.TryAddWithoutValidation("X-Parse-Request-Id", new string('r', random.Next(1, 400)));
            if (random.Next(8) == 0) request.Headers.TryAddWithoutValidation("Accept-Language", Ascii(Pick(random, Nasty)));
            if (random.Next(8) == 0) request.Headers.TryAddWithoutValidation("X-Parse-Cloud-Context", Ascii(Pick(random, Nasty)));
        }
        var bytes = BadInput.Body(random, body);
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", BadInput.ContentType(random));
        return request;
    }

}

public sealed class BadInputAttackTestsOnSqlite(ITestOutputHelper output) : BadInputAttackTests(StorageEngine.Sqlite, output);

public sealed class BadInputAttackTestsOnPostgres(ITestOutputHelper output) : BadInputAttackTests(StorageEngine.Postgres, output);
