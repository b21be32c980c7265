using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.LeanCloud;

/// <summary>LeanCloud's SMS endpoints over the core: what the SDK tests cannot see (addresses, sessions, shapes).</summary>
public sealed class SmsFlowTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;

    public async Task InitializeAsync()
    {
        // The test client is the proxy: X-Forwarded-For chooses the client address.
        _host = await TestHost.StartAsync(LeanCloudClient.Settings(new() { ["Network:KnownProxies:0"] = "127.0.0.1" }));
        _lc = new LeanCloudClient(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static Dictionary<string, string> From(string ip) => new() { ["X-Forwarded-For"] = ip };

    [Fact]
    public async Task AnOldFormResetOnlyReachesTheNumberThisAddressAskedForNeverACodeByItself()
    {
        var phone = Phones.NewMainland();
        await _lc.SignUpByPhoneAsync(phone);
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        await _lc.CallAsync(HttpMethod.Post, "requestPasswordResetBySmsCode", new { mobilePhoneNumber = phone }, headers: From("198.51.100.1"));
        var code = _host.Outbox.LatestCode(phone);

        // Another address holding the right code gets nothing: there is no lookup by code.
        (await _lc.CallAsync(HttpMethod.Put, "resetPasswordBySmsCode/" + code, new { password = "stolen" }, headers: From("203.0.113.9")))
            .AssertError(HttpStatusCode.BadRequest, 603, "Invalid SMS code.");
        var reset = await _lc.CallAsync(HttpMethod.Put, "resetPasswordBySmsCode/" + code, new { password = "mine" }, headers: From("198.51.100.1"));
        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.Equal("{}", reset.Raw);
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("login", new { mobilePhoneNumber = phone, password = "mine" })).Status);
    }

    [Fact]
    public async Task TheVerifyEndpointsNeedTheUsersSessionAndItsOwnNumber()
    {
        var phone = Phones.NewMainland();
        var (token, id) = await _lc.SignUpByPhoneAsync(phone);
        (await _lc.PostAsync("verifyMobilePhone/123456")).AssertError(HttpStatusCode.BadRequest, 206);
        (await _lc.PostAsync("verifyMobilePhone/123456", session: "r:00000000000000000000000000000000")).AssertError(HttpStatusCode.BadRequest, 211);

        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var before = _host.Outbox.Messages.Count;
        (await _lc.PostAsync("requestMobilePhoneVerify", new { mobilePhoneNumber = Phones.NewMainland() }, token)).AssertError(HttpStatusCode.BadRequest, 127);
        // Already verified: answered {} and nothing sent, as on LeanCloud.
        Assert.Equal("{}", (await _lc.PostAsync("requestMobilePhoneVerify", new { mobilePhoneNumber = phone }, token)).Raw);
        Assert.Equal(before, _host.Outbox.Messages.Count);

        (await _lc.PostAsync("verifyMobilePhone/123456", new { mobilePhoneNumber = Phones.NewMainland() }, token)).AssertError(HttpStatusCode.BadRequest, 127);
        var wrong = await _lc.PostAsync("verifyMobilePhone/123456", new { mobilePhoneNumber = phone }, token);
        wrong.AssertError(HttpStatusCode.BadRequest, 603);
        Assert.Equal(id, (string?)(await _lc.CallAsync(HttpMethod.Get, "users/me", session: token)).Body["objectId"]);
    }

    [Fact]
    public async Task UsersByMobilePhoneAnswers201WithTheWholeUserThen200AndKeepsTheProfileToNewUsers()
    {
        var phone = Phones.NewMainland();
        var created = await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = phone, smsCode = await _lc.SmsCodeAsync(phone), username = "mei", password = "pw", city = "Suzhou" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("mei", (string?)created.Body["username"]);
        Assert.Equal(Phones.National(phone), (string?)created.Body["mobilePhoneNumber"]);
        Assert.True((bool)created.Body["mobilePhoneVerified"]!);
        Assert.False((bool)created.Body["emailVerified"]!);
        Assert.Equal("Suzhou", (string?)created.Body["city"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", (string?)created.Body["createdAt"]);
        Assert.Null(created.Body["smsCode"]);
        Assert.Null(created.Body["password"]);

        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var again = await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = phone, smsCode = await _lc.SmsCodeAsync(phone), city = "Xi'an" });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal((string?)created.Body["objectId"], (string?)again.Body["objectId"]);
        Assert.Equal("Suzhou", (string?)again.Body["city"]);
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("login", new { username = "mei", password = "pw" })).Status);

        var other = Phones.NewMainland();
        (await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = other, smsCode = await _lc.SmsCodeAsync(other), mobilePhoneVerified = false }))
            .AssertError(HttpStatusCode.BadRequest, 119, "Clients aren't allowed to set mobilePhoneNumber.");
    }

    [Fact]
    public async Task ChangingTheNumberEndsTheOtherSessionsAndFreesTheOldNumber()
    {
        var first = Phones.NewMainland();
        var (token, id) = await _lc.SignUpByPhoneAsync(first);
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var other = (string)(await _lc.PostAsync("login", new { mobilePhoneNumber = first, smsCode = await _lc.SmsCodeAsync(first, "requestLoginSmsCode") })).Body["sessionToken"]!;

        var second = Phones.NewMainland();
        (await _lc.PostAsync("requestChangePhoneNumber", new { mobilePhoneNumber = second })).AssertError(HttpStatusCode.BadRequest, 206);
        var code = await _lc.SmsCodeAsync(second, "requestChangePhoneNumber", token);
        var changed = await _lc.PostAsync("changePhoneNumber", new { mobilePhoneNumber = second, code }, token);
        Assert.Equal(id, (string?)changed.Body["objectId"]);

        Assert.Equal(Phones.National(second), (string?)(await _lc.CallAsync(HttpMethod.Get, "users/me", session: token)).Body["mobilePhoneNumber"]);
        (await _lc.CallAsync(HttpMethod.Get, "users/me", session: other)).AssertError(HttpStatusCode.BadRequest, 211);
        // The old number is free: it signs up a new user.
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var (_, newId) = await _lc.SignUpByPhoneAsync(first);
        Assert.NotEqual(id, newId);
    }

    [Fact]
    public async Task VoiceCodesAreRefusedAndABodyThatIsNotAnObjectIs107()
    {
        (await _lc.PostAsync("requestSmsCode", new { mobilePhoneNumber = Phones.NewMainland(), smsType = "voice" })).AssertError(HttpStatusCode.BadRequest, 1);
        (await _lc.CallAsync(HttpMethod.Post, "requestSmsCode", "[1,2]")).AssertError(HttpStatusCode.BadRequest, 107);
        (await _lc.CallAsync(HttpMethod.Post, "requestSmsCode", "{not json")).AssertError(HttpStatusCode.BadRequest, 107);
        (await _lc.PostAsync("requestSmsCode", new { mobilePhoneNumber = 13800138000 })).AssertError(HttpStatusCode.BadRequest, 1);
        Assert.Empty(_host.Outbox.Messages);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheLoginWith219()
    {
        var phone = Phones.NewMainland();
        await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = phone, smsCode = await _lc.SmsCodeAsync(phone), password = "right" });
        for (var i = 0; i < 5; i++) Assert.Equal(210, (await _lc.PostAsync("login", new { mobilePhoneNumber = phone, password = "wrong" })).Code);
        (await _lc.PostAsync("login", new { mobilePhoneNumber = phone, password = "wrong" })).AssertError(HttpStatusCode.BadRequest, 219);
        Assert.Equal(219, (await _lc.PostAsync("login", new { mobilePhoneNumber = phone, password = "right" })).Code);
    }
}
