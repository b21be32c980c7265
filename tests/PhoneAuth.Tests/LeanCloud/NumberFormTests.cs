using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.LeanCloud;

/// <summary>
/// Numbers in LeanCloud's form at /1.1: a mainland number as its 11 national digits (as a phone user's
/// username too), others in E.164; stored and shown by the Parse dialect in E.164; read in either form.
/// </summary>
public sealed class NumberFormTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings(new() { ["Limits:AllowedCountryCodes:0"] = "*" }));
        _lc = new LeanCloudClient(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>A code asked for with the number as written, read from the outbox under its E.164 form.</summary>
    private async Task<string> CodeAsync(string written, string e164, string endpoint = "requestSmsCode")
    {
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync(endpoint, new { mobilePhoneNumber = written })).Status);
        return _host.Outbox.LatestCode(e164);
    }

    [Fact]
    public async Task AMainlandPhoneUserIsShownInNationalDigitsHereAndInE164ToParse()
    {
        var phone = Phones.NewMainland();
        var national = Phones.National(phone);
        var created = await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = national, smsCode = await CodeAsync(national, phone) });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(national, (string?)created.Body["mobilePhoneNumber"]);
        Assert.Equal(national, (string?)created.Body["username"]);
        var token = (string)created.Body["sessionToken"]!;
        var id = (string)created.Body["objectId"]!;

        var me = await _lc.CallAsync(HttpMethod.Get, "users/me", session: token);
        Assert.Equal(national, (string?)me.Body["mobilePhoneNumber"]);
        Assert.Equal(national, (string?)me.Body["username"]);
        var parse = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true);
        Assert.Equal(phone, (string?)parse.Body["phone"]);
        Assert.Equal(phone, (string?)parse.Body["username"]);
    }

    [Fact]
    public async Task EitherFormLogsInAndSendingTheShownUsernameBackChangesNothing()
    {
        var phone = Phones.NewMainland();
        var national = Phones.National(phone);
        var created = await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = phone, smsCode = await CodeAsync(phone, phone), password = "pw" });
        var id = (string)created.Body["objectId"]!;
        var token = (string)created.Body["sessionToken"]!;

        foreach (var form in new[] { phone, national, "+86 " + national, "0086" + national })
        {
            Assert.Equal(id, (string?)(await _lc.PostAsync("login", new { mobilePhoneNumber = form, password = "pw" })).Body["objectId"]);
            Assert.Equal(id, (string?)(await _lc.PostAsync("login", new { username = form, password = "pw" })).Body["objectId"]);
            Assert.Equal(id, (string?)(await _lc.PostAsync("login", new { mobilePhoneNumber = form, smsCode = await CodeAsync(form, phone, "requestLoginSmsCode") })).Body["objectId"]);
        }
        // The SDK saves what it was shown: the username it has, in national digits, stays the E.164 username.
        Assert.Equal(HttpStatusCode.OK, (await _lc.CallAsync(HttpMethod.Put, "users/" + id, new { username = national, city = "Ningbo" }, token)).Status);
        Assert.Equal(phone, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["username"]);
    }

    [Fact]
    public async Task AfterAChangeOfNumberTheOldNumberStaysTheUsernameAndMayBeSentBackInEitherForm()
    {
        var first = Phones.NewMainland();
        var created = await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = first, smsCode = await CodeAsync(first, first) });
        var (id, token) = ((string)created.Body["objectId"]!, (string)created.Body["sessionToken"]!);
        var second = Phones.NewMainland();
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("requestChangePhoneNumber", new { mobilePhoneNumber = second }, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("changePhoneNumber", new { mobilePhoneNumber = second, code = _host.Outbox.LatestCode(second) }, token)).Status);

        var me = await _lc.CallAsync(HttpMethod.Get, "users/me", session: token);
        Assert.Equal(Phones.National(second), (string?)me.Body["mobilePhoneNumber"]);
        Assert.Equal(Phones.National(first), (string?)me.Body["username"]);
        Assert.Equal(HttpStatusCode.OK, (await _lc.CallAsync(HttpMethod.Put, "users/" + id, new { username = Phones.National(first) }, token)).Status);
        Assert.Equal(first, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["username"]);
    }

    [Fact]
    public async Task ANumberOutsideTheMainlandIsShownInE164()
    {
        const string hongKong = "+85291234567";
        var created = await _lc.PostAsync("usersByMobilePhone", new { mobilePhoneNumber = "+852 9123 4567", smsCode = await CodeAsync("+852 9123 4567", hongKong) });
        Assert.Equal(hongKong, (string?)created.Body["mobilePhoneNumber"]);
        Assert.Equal(hongKong, (string?)created.Body["username"]);
    }

    [Fact]
    public async Task ANumberTheMasterKeyWritesInNationalDigitsIsStoredInE164()
    {
        var user = await _lc.PostAsync("users", new { username = "admin-typed", password = "pw" });
        var id = (string)user.Body["objectId"]!;
        var phone = Phones.NewMainland();
        var update = await _lc.CallAsync(HttpMethod.Put, "users/" + id + "?new=true", new { mobilePhoneNumber = Phones.National(phone) }, auth: LeanCloudAuth.MasterKey);
        Assert.Equal(Phones.National(phone), (string?)update.Body["mobilePhoneNumber"]);
        Assert.Equal(phone, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["phone"]);
    }
}
