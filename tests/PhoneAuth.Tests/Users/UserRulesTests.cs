using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Users;

/// <summary>The wire answers of the user routes for every kind of bad input and every permission rule.</summary>
public abstract class UserRulesTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Id, string Token)> SignUpAsync(string username, object? extra = null)
    {
        var body = JObject.FromObject(new { username, password = "pw" });
        if (extra is not null) body.Merge(JObject.FromObject(extra));
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "users", body);
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    [Theory]
    [InlineData("""{"username":"a1","password":"pw","objectId":"x"}""", 105, "objectId is an invalid field name.")]
    [InlineData("""{"username":"a2","password":"pw","_hidden":1}""", 105, "Invalid field name: _hidden.")]
    [InlineData("""{"username":"a3","password":"pw","bad-name":1}""", 105, "Invalid field name: bad-name.")]
    [InlineData("""{"username":"a4","password":"pw","emailVerified":true}""", 119, "Clients aren't allowed to set emailVerified.")]
    [InlineData("""{"username":"a5","password":"pw","phone":"13800138000"}""", 119, "Clients aren't allowed to set phone.")]
    [InlineData("""{"password":"pw"}""", 200, "bad or missing username")]
    [InlineData("""{"username":"","password":"pw"}""", 200, "bad or missing username")]
    [InlineData("""{"username":"a6"}""", 201, "password is required.")]
    [InlineData("""{"username":"a7","password":""}""", 201, "password is required.")]
    [InlineData("""{"username":7,"password":"pw"}""", 200, "bad or missing username")]
    [InlineData("""{"username":"a8","password":"pw","score":{"__op":"Increment"}}""", 107, "incrementing must provide a number")]
    [InlineData("""{"username":"a9","password":"pw","rel":{"__op":"AddRelation","objects":[]}}""", 108, "The AddRelation operator is not supported yet.")]
    [InlineData("""{"username":"b1","password":"pw","ACL":{"*":{"read":"yes"}}}""", 111, "ACL entries must be {\"read\": true|false, \"write\": true|false}.")]
    public async Task ASignUpWithBadInputIsAClearParseError(string body, int code, string message)
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "users", body);
        answer.AssertError(HttpStatusCode.BadRequest, code, message);
        Assert.Equal(0, await _host.Database.CountAsync("users"));
    }

    [Fact]
    public async Task TheMasterKeyMaySetVerifiedFlagsAndAPhoneInCanonicalForm()
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "users",
            new { username = "admin-made", password = "pw", emailVerified = true, phone = "138 0013 8000", phoneVerified = true }, master: true);
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        var user = await _host.Client.RestAsync(HttpMethod.Get, "users/" + answer.Body["objectId"], master: true);
        Assert.Equal("+8613800138000", (string?)user.Body["phone"]);
        Assert.True((bool)user.Body["emailVerified"]!);
        Assert.True((bool)user.Body["phoneVerified"]!);
    }

    [Fact]
    public async Task WritesNeedTheUserOrTheMasterKey()
    {
        var (id, token) = await SignUpAsync("owner");
        var (_, otherToken) = await SignUpAsync("intruder");

        (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { nick = "x" })).AssertError(HttpStatusCode.BadRequest, 206);
        (await _host.Client.RestAsync(HttpMethod.Put, "classes/_User/" + id, new { nick = "x" }, otherToken)).AssertError(HttpStatusCode.BadRequest, 206);
        (await _host.Client.RestAsync(HttpMethod.Delete, "users/" + id, sessionToken: otherToken))
            .AssertError(HttpStatusCode.BadRequest, 206, "Insufficient auth to delete user");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { nick = "mine" }, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { nick = "admin" }, master: true)).Status);
        (await _host.Client.RestAsync(HttpMethod.Put, "users/nosuchuser", new { nick = "x" }, master: true)).AssertError(HttpStatusCode.NotFound, 101);
    }

    [Fact]
    public async Task OtherUsersArePrivateUnlessTheirAclSaysOtherwiseAndEmailIsNeverShownToOthers()
    {
        var (id, token) = await SignUpAsync("private-one", new { email = "p@example.com" });
        var (_, viewer) = await SignUpAsync("viewer");
        (await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: viewer)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");

        var acl = new JObject { ["ACL"] = new JObject { ["*"] = new JObject { ["read"] = true }, [id] = new JObject { ["read"] = true, ["write"] = true } } };
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, acl, token)).Status);
        var seen = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: viewer);
        Assert.Equal("private-one", (string?)seen.Body["username"]);
        Assert.Null(seen.Body["email"]);
        Assert.Null(seen.Body["sessionToken"]);
        Assert.Null(seen.Body["password"]);

        var query = await _host.Client.RestAsync(HttpMethod.Get, "users?where=" + Uri.EscapeDataString("""{"username":"private-one"}"""), sessionToken: viewer);
        Assert.Single(query.Body["results"]!);
        (await _host.Client.RestAsync(HttpMethod.Get, "users?where=" + Uri.EscapeDataString("""{"email":"p@example.com"}"""), sessionToken: viewer))
            .AssertError(HttpStatusCode.BadRequest, 119, "Permission denied");
    }

    [Fact]
    public async Task AClientCannotLockItselfOutOfItsOwnUser()
    {
        var (id, token) = await SignUpAsync("self-locker");
        await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, JObject.Parse("""{"ACL":{}}"""), token);
        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: token);
        Assert.Equal(JObject.Parse("""{"read":true,"write":true}"""), me.Body["ACL"]![id]);
    }

    [Theory]
    [InlineData("where=%7B%22score%22%3A%7B%22%24nearSphere%22%3A1%7D%7D", 102, "Invalid query: geo queries ($nearSphere) are not supported.")]
    [InlineData("where=%7B%22a%22%3A%7B%22%24in%22%3A%7B%7D%7D%7D", 107, "bad $in value")]
    [InlineData("limit=-1", 102, "Invalid query: limit must be a non-negative integer.")]
    [InlineData("bogus=1", 102, "Invalid parameter for query: bogus")]
    [InlineData("where=%7B%22password%22%3A%22x%22%7D", 102, "Invalid query: password cannot be queried.")]
    [InlineData("where=%7B%22_hashed_password%22%3A%22x%22%7D", 105, "Invalid key name: _hashed_password")]
    [InlineData("where=notjson", 107, "where parameter is not valid JSON")]
    public async Task AnUnsupportedQueryIsAClearError(string queryString, int code, string message)
    {
        (await _host.Client.RestAsync(HttpMethod.Get, "classes/_User?" + queryString, master: true))
            .AssertError(HttpStatusCode.BadRequest, code, message);
    }

    [Fact]
    public async Task QueriesMatchBuiltInAndCustomFieldsOfEveryType()
    {
        var (id, _) = await SignUpAsync("typed-user", new { level = 3, vip = true, city = "Hangzhou", nothing = (string?)null, when = new { __type = "Date", iso = "2024-01-01T00:00:00.000Z" } });
        await SignUpAsync("other-user", new { level = 4, vip = false, city = "Xiamen" });
        async Task<int> CountAsync(string where) =>
            (int)(await _host.Client.RestAsync(HttpMethod.Get, $"classes/_User?count=1&limit=0&where={Uri.EscapeDataString(where)}", master: true)).Body["count"]!;

        Assert.Equal(1, await CountAsync("""{"level":3}"""));
        Assert.Equal(1, await CountAsync("""{"vip":true}"""));
        Assert.Equal(2, await CountAsync("""{"city":{"$in":["Hangzhou","Xiamen"]}}"""));
        Assert.Equal(1, await CountAsync("""{"when":{"__type":"Date","iso":"2024-01-01T00:00:00.000Z"}}"""));
        Assert.Equal(1, await CountAsync($$"""{"objectId":"{{id}}"}"""));
        Assert.Equal(1, await CountAsync("""{"username":"typed-user","level":3}"""));
        Assert.Equal(0, await CountAsync("""{"username":"typed-user","level":4}"""));
        Assert.Equal(0, await CountAsync("""{"level":"3"}"""));
        Assert.Equal(0, await CountAsync("""{"username":5}"""));
        Assert.Equal(2, await CountAsync("""{"missing":null}"""));
    }

    [Fact]
    public async Task DeletingAUserEndsItsSessions()
    {
        var (id, token) = await SignUpAsync("doomed");
        Assert.Equal("{}", (await _host.Client.RestAsync(HttpMethod.Delete, "classes/_User/" + id, sessionToken: token)).Raw);
        (await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).AssertError(HttpStatusCode.BadRequest, 209);
        Assert.Equal(0, await _host.Database.CountAsync("sessions"));
    }

    [Fact]
    public async Task LoginAcceptsTheEmailInPlaceOfTheUsernameAndCredentialsInTheQueryString()
    {
        await SignUpAsync("mailer", new { email = "Mailer@Example.com" });
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "mailer@example.com", password = "pw" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Post, "login", new { email = "MAILER@example.com", password = "pw" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Get, "login?username=mailer&password=pw")).Status);
        (await _host.Client.RestAsync(HttpMethod.Post, "login", new { password = "pw" })).AssertError(HttpStatusCode.BadRequest, 200, "username/email is required.");
        (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "mailer" })).AssertError(HttpStatusCode.BadRequest, 201, "password is required.");
        (await _host.Client.RestAsync(HttpMethod.Post, "loginAs", new { }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 162, "userId must not be empty, null, or undefined");
    }

    [Fact]
    public async Task ARequestIdIsRememberedForItsTtlOnly()
    {
        var headers = new Dictionary<string, string> { ["X-Parse-Request-Id"] = "fixed-id-1" };
        var phone = Phones.NewMainland();
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: headers)).Status);
        (await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: headers)).AssertError(HttpStatusCode.BadRequest, 159, "Duplicate request");
        Assert.Equal(1, _host.Outbox.CountTo(phone));

        _host.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: headers)).Status);
        Assert.Equal(2, _host.Outbox.CountTo(phone));
        // Reads and other paths are not affected.
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Get, "health", headers: headers)).Status);
    }
}

public sealed class UserRulesTestsOnSqlite() : UserRulesTests(StorageEngine.Sqlite);

public sealed class UserRulesTestsOnPostgres() : UserRulesTests(StorageEngine.Postgres);
