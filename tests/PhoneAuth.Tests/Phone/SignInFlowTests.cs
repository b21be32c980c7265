using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>The tutorial's flow: requestSmsCode, then signUpOrlogInWithMobilePhone, then users/me.</summary>
public abstract class SignInFlowTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FirstCodeSignsUpAPhoneUserAndTheTokenWorksForUsersMe()
    {
        var phone = Phones.NewMainland();
        var sent = await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        Assert.Equal(60, (int)sent["resendAfter"]!);
        Assert.Equal(300, (int)sent["expiresIn"]!);

        var token = (string)(await _host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = _host.Outbox.LatestCode(phone) }))!;
        Assert.Matches("^r:[0-9a-f]{32}$", token);

        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(phone, (string?)me.Body["username"]);
        Assert.Equal(phone, (string?)me.Body["phone"]);
        Assert.True((bool)me.Body["phoneVerified"]!);
        Assert.Equal(token, (string?)me.Body["sessionToken"]);
        Assert.Null(me.Body["password"]);
        Assert.Matches("^[A-Za-z0-9]{10}$", (string)me.Body["objectId"]!);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string)me.Body["createdAt"]!);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", (string)me.Body["updatedAt"]!);
    }

    [Fact]
    public async Task ASecondSignInLogsInTheSameUserWithANewToken()
    {
        var phone = Phones.NewMainland();
        var first = await PhoneFlow.SignInAsync(_host, phone);
        _host.Time.Advance(TimeSpan.FromSeconds(61));
        var second = await PhoneFlow.SignInAsync(_host, phone);

        Assert.NotEqual(first, second);
        var a = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: first);
        var b = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: second);
        Assert.Equal((string?)a.Body["objectId"], (string?)b.Body["objectId"]);
    }

    [Theory]
    [InlineData("{0}")]
    [InlineData("+86{0}")]
    [InlineData("0086{0}")]
    [InlineData("86{0}")]
    [InlineData("+86 {1} {2} {3}")]
    [InlineData("({1}) {2}-{3}")]
    public async Task EveryWrittenFormOfANumberIsOneAccount(string format)
    {
        var phone = Phones.NewMainland();
        var national = Phones.National(phone);
        var written = string.Format(format, national, national[..3], national[3..7], national[7..]);
        var canonicalToken = await PhoneFlow.SignInAsync(_host, phone);
        _host.Time.Advance(TimeSpan.FromSeconds(61));

        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = written });
        var token = (string)(await _host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = written, code = _host.Outbox.LatestCode(phone) }))!;

        var a = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: canonicalToken);
        var b = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        Assert.Equal((string?)a.Body["objectId"], (string?)b.Body["objectId"]);
    }

    [Fact]
    public async Task RequestSmsCodeAnswersTheSameWhetherOrNotTheNumberHasAnAccount()
    {
        var known = Phones.NewMainland();
        await PhoneFlow.SignInAsync(_host, known);
        _host.Time.Advance(TimeSpan.FromSeconds(61));

        var forKnown = await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = known });
        var forUnknown = await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        Assert.Equal(forKnown.Status, forUnknown.Status);
        Assert.Equal(forKnown.Raw, forUnknown.Raw);
    }

    [Fact]
    public async Task TheAnswerIsEncodedAsTheParseSdkExpectsWhenCalledThroughTheEnvelope()
    {
        var phone = Phones.NewMainland();
        var sent = await _host.Client.SdkAsync("functions/requestSmsCode", new() { ["phoneNumber"] = phone });
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        var login = await _host.Client.SdkAsync("functions/signUpOrlogInWithMobilePhone",
            new() { ["phoneNumber"] = phone, ["code"] = _host.Outbox.LatestCode(phone) });
        var token = (string)login.Body["result"]!;

        var me = await _host.Client.SdkAsync("users/me", method: "GET", sessionToken: token);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(token, (string?)me.Body["sessionToken"]);
    }
}

public sealed class SignInFlowTestsOnSqlite() : SignInFlowTests(StorageEngine.Sqlite);

public sealed class SignInFlowTestsOnPostgres() : SignInFlowTests(StorageEngine.Postgres);
