using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>
/// Moving an account away from its verified number needs proof of that number (a verifyMyPhone
/// ticket) or a recent login, by one rule in both dialects; a session alone, stolen long after its
/// login, cannot take the account for good. The old number is told when its account leaves it.
/// </summary>
public abstract class ChangeNumberProofTests(StorageEngine engine) : IAsyncLifetime
{
    private const string ProofNeeded =
        "Changing this account's phone number needs proof of the current number (a verifyMyPhone ticket) or a login within the last 10 minutes.";

    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings(), engine: engine);
        _lc = new LeanCloudClient(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> CodeAsync(string phone, string purpose, string token)
    {
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone, purpose }, token);
        return _host.Outbox.LatestCode(phone);
    }

    /// <summary>The red team's attack: a session taken long after its login, a code sent to the attacker's own number.</summary>
    [Fact]
    public async Task AStolenSessionCannotMoveTheAccountThroughLeanCloudsChangePhoneNumber()
    {
        var victimPhone = Phones.NewMainland();
        var (stolen, victimId) = await _lc.SignUpByPhoneAsync(victimPhone);
        _host.Time.Advance(TimeSpan.FromHours(2));

        var attackerPhone = Phones.NewMainland();
        var code = await _lc.SmsCodeAsync(attackerPhone, "requestChangePhoneNumber", stolen);
        var refused = await _lc.PostAsync("changePhoneNumber", new { mobilePhoneNumber = attackerPhone, code }, stolen);
        refused.AssertError(HttpStatusCode.BadRequest, 119);

        // Nothing moved: the victim's number still logs in to the victim's account, the attacker's to none.
        var me = await _lc.CallAsync(HttpMethod.Get, "users/me", session: stolen);
        Assert.Equal(Phones.National(victimPhone), (string?)me.Body["mobilePhoneNumber"]);
        _host.Time.Advance(TimeSpan.FromMinutes(2));
        var victimLogin = await _lc.PostAsync("login", new { mobilePhoneNumber = victimPhone, smsCode = await _lc.SmsCodeAsync(victimPhone, "requestLoginSmsCode") });
        Assert.Equal(victimId, (string?)victimLogin.Body["objectId"]);
        Assert.Equal(0, _host.Outbox.Messages.Count(m => (string?)m["purpose"] == "phoneChanged"));
    }

    [Fact]
    public async Task AStolenSessionCannotMoveTheAccountThroughChangeMobilePhoneWithoutATicket()
    {
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(_host, phone);
        _host.Time.Advance(TimeSpan.FromMinutes(11));
        var target = Phones.NewMainland();
        var code = await CodeAsync(target, "change", token);
        (await _host.Client.CallAsync("changeMobilePhone", new { newPhoneNumber = target, newCode = code }, token))
            .AssertError(HttpStatusCode.BadRequest, 119, ProofNeeded);
        // The code was not used up by the refusal: with a ticket the same change goes through.
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.Client.RunAsync("requestSmsCode", new { purpose = "verify" }, token);
        var ticket = (string)(await _host.Client.RunAsync("verifyMyPhone", new { code = _host.Outbox.LatestCode(phone) }, token))["ticket"]!;
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.CallAsync("changeMobilePhone", new { ticket, newPhoneNumber = target, newCode = code }, token)).Status);
    }

    /// <summary>Changing the password makes a new session, but not a new login: it does not count as recent.</summary>
    [Fact]
    public async Task ANewTokenFromAPasswordChangeIsNotARecentLogin()
    {
        var phone = Phones.NewMainland();
        var (stolen, id) = await _lc.SignUpByPhoneAsync(phone);
        _host.Time.Advance(TimeSpan.FromHours(1));
        var renewed = (string)(await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { password = "attacker-pw" }, stolen)).Body["sessionToken"]!;
        var target = Phones.NewMainland();
        var code = await _lc.SmsCodeAsync(target, "requestChangePhoneNumber", renewed);
        (await _lc.PostAsync("changePhoneNumber", new { mobilePhoneNumber = target, code }, renewed)).AssertError(HttpStatusCode.BadRequest, 119);
    }

    /// <summary>The honest user of the official SDK logs in again (by code to the old number, or by password), then changes.</summary>
    [Fact]
    public async Task AFreshLoginMovesTheAccountAndTheOldNumberIsToldInItsLanguage()
    {
        var oldPhone = Phones.NewMainland();
        var (_, id) = await _lc.SignUpByPhoneAsync(oldPhone);
        _host.Time.Advance(TimeSpan.FromDays(3));
        var fresh = (string)(await _lc.PostAsync("login", new { mobilePhoneNumber = oldPhone, smsCode = await _lc.SmsCodeAsync(oldPhone, "requestLoginSmsCode") })).Body["sessionToken"]!;
        var newPhone = Phones.NewMainland();
        var code = await _lc.SmsCodeAsync(newPhone, "requestChangePhoneNumber", fresh);
        var changed = await _lc.CallAsync(HttpMethod.Post, "changePhoneNumber", new { mobilePhoneNumber = newPhone, code }, fresh,
            headers: new Dictionary<string, string> { ["Accept-Language"] = "zh-CN" });
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(id, (string?)changed.Body["objectId"]);

        var notice = Assert.Single(_host.Outbox.Messages, m => (string?)m["purpose"] == "phoneChanged");
        Assert.Equal(oldPhone, (string?)notice["to"]);
        Assert.Contains(newPhone[^4..], (string?)notice["text"]);
        Assert.DoesNotContain(newPhone[3..^4], (string?)notice["text"]);
        Assert.StartsWith("您的账户", (string?)notice["text"]);
        Assert.Contains(_host.Logs.Lines, l => l.Contains("phoneChanged") || l.Contains("notice"));
    }

    [Fact]
    public async Task ATicketMovesTheAccountWhateverTheSessionsAgeAndTheOldNumberIsTold()
    {
        var oldPhone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(_host, oldPhone);
        _host.Time.Advance(TimeSpan.FromDays(30));
        await _host.Client.RunAsync("requestSmsCode", new { purpose = "verify" }, token);
        var ticket = (string)(await _host.Client.RunAsync("verifyMyPhone", new { code = _host.Outbox.LatestCode(oldPhone) }, token))["ticket"]!;
        var newPhone = Phones.NewMainland();
        var changed = await _host.Client.RunAsync("changeMobilePhone", new { ticket, newPhoneNumber = newPhone, newCode = await CodeAsync(newPhone, "change", token) }, token);
        Assert.Equal(newPhone, (string?)changed["phone"]);
        var notice = Assert.Single(_host.Outbox.Messages, m => (string?)m["purpose"] == "phoneChanged");
        Assert.Equal(oldPhone, (string?)notice["to"]);
        Assert.StartsWith("The phone number of your account", (string?)notice["text"]);
        Assert.Contains(await SendLogPurposesAsync(), p => p == "phoneChanged");
    }

    /// <summary>An account without a verified number has nothing to prove: its session is enough (LeanCloud's changePhoneNumber as a bind).</summary>
    [Fact]
    public async Task AnAccountWithoutAVerifiedNumberNeedsNoProof()
    {
        var signUp = await _lc.PostAsync("users", new { username = "no-phone-" + Guid.NewGuid().ToString("N")[..8], password = "pw" });
        var token = (string)signUp.Body["sessionToken"]!;
        _host.Time.Advance(TimeSpan.FromHours(5));
        var phone = Phones.NewMainland();
        var code = await _lc.SmsCodeAsync(phone, "requestChangePhoneNumber", token);
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("changePhoneNumber", new { mobilePhoneNumber = phone, code }, token)).Status);
        Assert.DoesNotContain(_host.Outbox.Messages, m => (string?)m["purpose"] == "phoneChanged");
    }

    private async Task<List<string>> SendLogPurposesAsync()
    {
        var log = await _host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog?limit=100", master: true);
        return [.. ((JArray)log.Body["results"]!).Select(r => (string)r["purpose"]!)];
    }
}

public sealed class ChangeNumberProofTestsOnSqlite() : ChangeNumberProofTests(StorageEngine.Sqlite);

public sealed class ChangeNumberProofTestsOnPostgres() : ChangeNumberProofTests(StorageEngine.Postgres);
