using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// One account cannot grow its own record without limit, and a client's mistakes (a long $in, a value
/// of the wrong type, arithmetic past the range) are answered with a Parse error, never a 5xx, and
/// write nothing.
/// </summary>
public abstract class RecordAndQueryLimitTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings(), engine: engine);
        _lc = new LeanCloudClient(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Id, string Token)> UserAsync()
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "u" + Guid.NewGuid().ToString("N")[..10], password = "pw" });
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    /// <summary>The red team's attack: Add a large string again and again to one's own user.</summary>
    [Fact]
    public async Task RepeatedAddsStopAtTheRecordCapAndLoseNothing()
    {
        var (id, token) = await UserAsync();
        var chunk = new string('x', 30_000);
        var accepted = 0;
        WireResponse? refused = null;
        for (var i = 0; i < 30 && refused is null; i++)
        {
            var answer = await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { junk = new { __op = "Add", objects = new[] { chunk } } }, token);
            if (answer.Status == HttpStatusCode.OK) accepted++;
            else refused = answer;
        }
        Assert.NotNull(refused);
        refused!.AssertError(HttpStatusCode.BadRequest, 116, $"The object is too large: its JSON may weigh at most {128 * 1024} bytes.");
        Assert.Equal(4, accepted); // 4 × 30 kB fit in 128 KiB, a fifth does not
        var stored = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: token);
        Assert.Equal(accepted, ((JArray)stored.Body["junk"]!).Count);

        // Through the LeanCloud dialect: its 116 as well.
        (await _lc.CallAsync(HttpMethod.Put, "users/" + id, new { junk2 = new string('y', 130_000) }, token)).AssertError(HttpStatusCode.BadRequest, 116);
    }

    [Fact]
    public async Task ASignUpOverTheCapIsRefusedAndCreatesNothing()
    {
        (await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "big", password = "pw", bio = new string('b', 140_000) }))
            .AssertError(HttpStatusCode.BadRequest, 116);
        (await _lc.CallAsync(HttpMethod.Post, "users", new { username = "big2", password = "pw", bio = new string('b', 140_000) }))
            .AssertError(HttpStatusCode.BadRequest, 116);
        Assert.Equal(0, await _host.Database.CountAsync("users"));
    }

    [Fact]
    public async Task ArraysHoldAtMostTheirCapOfItems()
    {
        var (id, token) = await UserAsync();
        var many = Enumerable.Range(0, 1001).ToArray();
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { list = many }, token))
            .AssertError(HttpStatusCode.BadRequest, 116, "The object is too large: an array may hold at most 1000 items.");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { list = many[..1000] }, token)).Status);
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { list = new { __op = "AddUnique", objects = new[] { 5000 } } }, token))
            .AssertError(HttpStatusCode.BadRequest, 116);
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { nested = new { deeper = many } }, token)).AssertError(HttpStatusCode.BadRequest, 116);
    }

    [Theory]
    [InlineData(999)]
    [InlineData(1000)]
    public async Task ALongInListIsAnsweredNot500(int count)
    {
        var values = new JArray(Enumerable.Range(0, count).Select(i => "id" + i));
        // As the SDK sends it (a URL this long is refused by Kestrel itself, 414).
        var answer = await _host.Client.SdkAsync("users", new JObject { ["where"] = new JObject { ["objectId"] = new JObject { ["$in"] = values } } }, method: "GET");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty((JArray)answer.Body["results"]!);
        // The same through the SDK's tunnelled GET, with the master key, on a custom field.
        var master = await _host.Client.SdkAsync("classes/_User", new JObject { ["where"] = new JObject { ["level"] = new JObject { ["$in"] = values } } }, method: "GET", master: true);
        Assert.Equal(HttpStatusCode.OK, master.Status);
    }

    [Fact]
    public async Task AnInListPastTheCapIs102()
    {
        var values = new JArray(Enumerable.Range(0, 1001).Select(i => (object)i));
        var answer = await _host.Client.SdkAsync("users", new JObject { ["where"] = new JObject { ["objectId"] = new JObject { ["$in"] = values } } }, method: "GET");
        answer.AssertError(HttpStatusCode.BadRequest, 102, "Invalid query: $in may list at most 1000 values.");
    }

    [Theory]
    [InlineData("""{"objectId":{"$in":[1]}}""")]
    [InlineData("""{"user":"x"}""")]
    [InlineData("""{"user":{"$in":[true, null, 3.5, []]}}""")]
    [InlineData("""{"objectId":{"__type":"Pointer"}}""")]
    public async Task SessionQueriesWithValuesOfTheWrongTypeMatchNothing(string where)
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Get, "sessions?where=" + Uri.EscapeDataString(where), master: true);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Empty((JArray)answer.Body["results"]!);
    }

    [Fact]
    public async Task TheSendLogByAPhoneOfTheWrongTypeIs102()
    {
        (await _host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog?where=" + Uri.EscapeDataString("""{"phone":12}"""), master: true))
            .AssertError(HttpStatusCode.BadRequest, 102);
    }

    [Theory]
    [InlineData("1e308", "1e308")]
    [InlineData("9223372036854775807", "1")]
    [InlineData("-9223372036854775808", "-1")]
    public async Task IncrementPastTheRangeIs111AndChangesNothing(string start, string amount)
    {
        var (id, token) = await UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, $$"""{"score":{{start}}}""", token)).Status);
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, "{\"score\":{\"__op\":\"Increment\",\"amount\":" + amount + "}}", token))
            .AssertError(HttpStatusCode.BadRequest, 111, "Cannot increment score: the result is out of range.");
        var stored = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: token);
        Assert.Equal(JToken.Parse(start), stored.Body["score"]);
    }

    [Fact]
    public async Task ANumberPastDoublesRangeIsInvalidJson()
    {
        var (id, token) = await UserAsync();
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, """{"score":1e400}""", token)).AssertError(HttpStatusCode.BadRequest, 107);
        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, """{"score":{"__op":"Increment","amount":-1e999}}""", token)).AssertError(HttpStatusCode.BadRequest, 107);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.StartsWith("Error") || l.StartsWith("Critical"));
    }
}

public sealed class RecordAndQueryLimitTestsOnSqlite() : RecordAndQueryLimitTests(StorageEngine.Sqlite);

public sealed class RecordAndQueryLimitTestsOnPostgres() : RecordAndQueryLimitTests(StorageEngine.Postgres);
