using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Parse;

/// <summary>users/me, sessions/me, logout, and 209 for a bad token on every route.</summary>
public abstract class SessionTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "users/me" },
        { "POST", "logout" },
        { "POST", "functions/requestSmsCode" },
        { "POST", "functions/noSuchFunction" },
        { "GET", "sessions/me" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUnknownTokenIs209OnEveryRoute(string method, string path)
    {
        var answer = await _host.Client.RestAsync(new HttpMethod(method), path, new { phoneNumber = Phones.NewMainland() }, sessionToken: "r:00000000000000000000000000000000");
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(209, answer.Code);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnExpiredTokenIs209OnEveryRoute(string method, string path)
    {
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        _host.Time.Advance(TimeSpan.FromDays(365));
        var answer = await _host.Client.RestAsync(new HttpMethod(method), path, new { phoneNumber = Phones.NewMainland() }, sessionToken: token);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(209, answer.Code);
    }

    [Fact]
    public async Task ATokenIsValidForOneYearLessAMillisecond()
    {
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        _host.Time.Advance(TimeSpan.FromDays(365) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status);
        _host.Time.Advance(TimeSpan.FromMilliseconds(1));
        (await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token))
            .AssertError(HttpStatusCode.BadRequest, 209, "Session token is expired.");
    }

    [Fact]
    public async Task UsersMeWithoutATokenIs209()
    {
        (await _host.Client.RestAsync(HttpMethod.Get, "users/me")).AssertError(HttpStatusCode.BadRequest, 209, "Invalid session token");
    }

    [Fact]
    public async Task LogoutRevokesTheTokenAtOnceAndAnswersAnEmptyObject()
    {
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        var logout = await _host.Client.SdkAsync("logout", sessionToken: token);
        Assert.Equal(HttpStatusCode.OK, logout.Status);
        Assert.Equal("{}", logout.Raw);
        (await _host.Client.SdkAsync("users/me", method: "GET", sessionToken: token))
            .AssertError(HttpStatusCode.BadRequest, 209, "Invalid session token");
    }

    [Fact]
    public async Task LogoutRevokesOnlyThatSession()
    {
        var phone = Phones.NewMainland();
        var first = await PhoneFlow.SignInAsync(_host, phone);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var second = await _host.Client.SdkAsync("functions/signUpOrlogInWithMobilePhone",
            new() { ["phoneNumber"] = phone, ["code"] = _host.Outbox.LatestCode(phone) }, installationId: "11111111-1111-4111-8111-111111111111");

        await _host.Client.RestAsync(HttpMethod.Post, "logout", sessionToken: first);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: (string)second.Body["result"]!)).Status);
    }

    [Fact]
    public async Task OneSessionPerUserAndInstallation()
    {
        var phone = Phones.NewMainland();
        const string installation = "22222222-2222-4222-8222-222222222222";
        async Task<string> SignInOnInstallationAsync()
        {
            await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
            var login = await _host.Client.SdkAsync("functions/signUpOrlogInWithMobilePhone",
                new() { ["phoneNumber"] = phone, ["code"] = _host.Outbox.LatestCode(phone) }, installationId: installation);
            return (string)login.Body["result"]!;
        }
        var first = await SignInOnInstallationAsync();
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var second = await SignInOnInstallationAsync();

        Assert.Equal(209, (await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: first)).Code);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: second)).Status);
    }

    [Fact]
    public async Task SessionsMeDescribesTheCallersSession()
    {
        const string installation = "33333333-3333-4333-8333-333333333333";
        var phone = Phones.NewMainland();
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var login = await _host.Client.SdkAsync("functions/signUpOrlogInWithMobilePhone",
            new() { ["phoneNumber"] = phone, ["code"] = _host.Outbox.LatestCode(phone) }, installationId: installation);
        var token = (string)login.Body["result"]!;
        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);

        var session = await _host.Client.SdkAsync("sessions/me", method: "GET", sessionToken: token);

        Assert.Equal(HttpStatusCode.OK, session.Status);
        Assert.Equal(token, (string?)session.Body["sessionToken"]);
        Assert.Equal(installation, (string?)session.Body["installationId"]);
        Assert.Equal(JObject.FromObject(new { __type = "Pointer", className = "_User", objectId = (string)me.Body["objectId"]! }), session.Body["user"]);
        Assert.Equal(JObject.FromObject(new { action = "signup", authProvider = "phone" }), session.Body["createdWith"]);
        Assert.Equal("Date", (string?)session.Body["expiresAt"]!["__type"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string)session.Body["expiresAt"]!["iso"]!);
    }

    [Fact]
    public async Task SessionsMeAnswersItsOwn209Messages()
    {
        (await _host.Client.RestAsync(HttpMethod.Get, "sessions/me")).AssertError(HttpStatusCode.BadRequest, 209, "Session token required.");
        (await _host.Client.RestAsync(HttpMethod.Get, "sessions/me", sessionToken: "r:nope"))
            .AssertError(HttpStatusCode.BadRequest, 209, "Session token not found.");
    }
}

public sealed class SessionTestsOnSqlite() : SessionTests(StorageEngine.Sqlite);

public sealed class SessionTestsOnPostgres() : SessionTests(StorageEngine.Postgres);
