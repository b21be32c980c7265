using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>The phone-account lifecycle: register, log in only, bind, unbind, verify for a ticket, change number, reset password.</summary>
public abstract class LifecycleTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private ParseClient Client => _host.Client;

    /// <summary>Requests a code and returns it from the outbox; moves the clock past the resend interval first.</summary>
    private async Task<string> CodeAsync(string? phone, string purpose, string? token = null, string? expectTo = null, bool master = false, string? userId = null)
    {
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        var body = new JObject { ["purpose"] = purpose };
        if (phone is not null) body["phoneNumber"] = phone;
        if (userId is not null) body["userId"] = userId;
        var answer = await Client.RestAsync(HttpMethod.Post, "functions/requestSmsCode", body, token, master);
        Assert.True(answer.Status == HttpStatusCode.OK, answer.Raw);
        return _host.Outbox.LatestCode(expectTo ?? phone!);
    }

    private async Task<string> SignUpByPhoneAsync(string phone) =>
        (string)(await Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "login") }))!;

    private async Task<(string Id, string Token)> PasswordUserAsync(string username)
    {
        var answer = await Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" });
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    private async Task<JToken> MeAsync(string token) => (await Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body;

    // ---- requestSmsCode with a purpose ------------------------------------------------------

    [Fact]
    public async Task APurposeMustBeOneOfTheSeven()
    {
        (await Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland(), purpose = "shopping" })).AssertError(HttpStatusCode.BadRequest, 142,
            "Validation failed. Invalid option for purpose. Expected: \"login\", \"register\", \"bind\", \"unbind\", \"verify\", \"change\", \"resetPassword\"");
    }

    [Theory]
    [InlineData("bind")]
    [InlineData("change")]
    [InlineData("unbind")]
    [InlineData("verify")]
    public async Task CodesForAccountOperationsNeedALogin(string purpose)
    {
        (await Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland(), purpose }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please login to continue.");
        Assert.Empty(_host.Outbox.Messages);
    }

    [Fact]
    public async Task UnbindAndVerifyCodesGoToTheCurrentPhoneOnly()
    {
        var phone = Phones.NewMainland();
        var token = await SignUpByPhoneAsync(phone);
        await CodeAsync(null, "verify", token, expectTo: phone);
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        (await Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland(), purpose = "unbind" }, token))
            .AssertError(HttpStatusCode.BadRequest, 142, "This code goes to the account's current phone number; leave phoneNumber out or give that number.");

        var (_, noPhone) = await PasswordUserAsync("no-phone");
        (await Client.CallAsync("requestSmsCode", new { purpose = "verify" }, noPhone)).AssertError(HttpStatusCode.BadRequest, 212, "This account has no phone number.");
    }

    [Fact]
    public async Task ACodeWorksOnlyForItsPurpose()
    {
        var phone = Phones.NewMainland();
        var registerCode = await CodeAsync(phone, "register");
        (await Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = registerCode })).AssertError(HttpStatusCode.BadRequest, 603);
        (await Client.CallAsync("resetPasswordBySmsCode", new { phoneNumber = phone, code = registerCode, password = "x" })).AssertError(HttpStatusCode.BadRequest, 603);

        var token = await SignUpByPhoneAsync(phone);
        var me = await MeAsync(token);
        token = (string?)(await Client.RestAsync(HttpMethod.Put, "users/" + me["objectId"], new { password = "pw" }, token)).Body["sessionToken"] ?? token;
        var loginCode = await CodeAsync(phone, "login");
        (await Client.CallAsync("unbindMobilePhone", new { code = loginCode }, token)).AssertError(HttpStatusCode.BadRequest, 603);
        (await Client.CallAsync("verifyMyPhone", new { code = loginCode }, token)).AssertError(HttpStatusCode.BadRequest, 603);
    }

    // ---- register and log in ----------------------------------------------------------------

    [Fact]
    public async Task RegisterCreatesTheUserWithItsNicknameAndRefusesATakenPhoneAfterTheCode()
    {
        var phone = Phones.NewMainland();
        var token = (string)(await Client.RunAsync("registerWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "register"), nickname = "小明" }))!;
        var me = await MeAsync(token);
        Assert.Equal(phone, (string?)me["phone"]);
        Assert.Equal("小明", (string?)me["nickname"]);

        var wrong = await Client.CallAsync("registerWithMobilePhone", new { phoneNumber = phone, code = "000000" });
        wrong.AssertError(HttpStatusCode.BadRequest, 603); // an unproven caller does not learn the phone is taken
        (await Client.CallAsync("registerWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "register") }))
            .AssertError(HttpStatusCode.BadRequest, 214, "This phone number is already in use.");
        (await Client.CallAsync("registerWithMobilePhone", new { phoneNumber = Phones.NewMainland(), code = "123456", nickname = "" }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Invalid value for nickname.");
    }

    [Fact]
    public async Task LogInOnlyLogsInAndAnUnknownPhoneIs213WithoutCreatingAUser()
    {
        var known = Phones.NewMainland();
        var first = await SignUpByPhoneAsync(known);
        var second = (string)(await Client.RunAsync("logInWithMobilePhone", new { phoneNumber = known, code = await CodeAsync(known, "login") }))!;
        Assert.Equal((string?)(await MeAsync(first))["objectId"], (string?)(await MeAsync(second))["objectId"]);

        var unknown = Phones.NewMainland();
        (await Client.CallAsync("logInWithMobilePhone", new { phoneNumber = unknown, code = await CodeAsync(unknown, "login") }))
            .AssertError(HttpStatusCode.BadRequest, 213, "No user has this phone number.");
        Assert.Equal(1, await _host.Database.CountAsync("users"));
    }

    // ---- bind -------------------------------------------------------------------------------

    [Fact]
    public async Task APasswordUserBindsAPhoneAndCanThenLogInWithIt()
    {
        var (id, token) = await PasswordUserAsync("binder");
        var phone = Phones.NewMainland();
        var bound = await Client.RunAsync("bindMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "bind", token) }, token);
        Assert.Equal("Object", (string?)bound["__type"]);
        Assert.Equal(phone, (string?)bound["phone"]);
        Assert.True((bool)bound["phoneVerified"]!);

        var viaPhone = (string)(await Client.RunAsync("logInWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "login") }))!;
        Assert.Equal(id, (string?)(await MeAsync(viaPhone))["objectId"]);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status); // binding ends no session
    }

    [Fact]
    public async Task BindingAPhoneThatIsTakenOrHavingOneAlreadyIsRefused()
    {
        var taken = Phones.NewMainland();
        var owner = await SignUpByPhoneAsync(taken);
        var (_, token) = await PasswordUserAsync("latecomer");
        (await Client.CallAsync("bindMobilePhone", new { phoneNumber = taken, code = await CodeAsync(taken, "bind", token) }, token))
            .AssertError(HttpStatusCode.BadRequest, 214);

        var other = Phones.NewMainland();
        (await Client.CallAsync("bindMobilePhone", new { phoneNumber = other, code = await CodeAsync(other, "bind", owner) }, owner))
            .AssertError(HttpStatusCode.BadRequest, 119, "This account already has a phone number. Change it with verifyMyPhone and changeMobilePhone.");
        (await Client.CallAsync("bindMobilePhone", new { phoneNumber = other, code = "123456" }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please login to continue.");
    }

    [Fact]
    public async Task ABindCodeBelongsToTheUserWhoAskedForIt()
    {
        var phone = Phones.NewMainland();
        var (_, alice) = await PasswordUserAsync("alice-bind");
        var (_, mallory) = await PasswordUserAsync("mallory-bind");
        var alicesCode = await CodeAsync(phone, "bind", alice);
        (await Client.CallAsync("bindMobilePhone", new { phoneNumber = phone, code = alicesCode }, mallory)).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task TwoUsersBindingOnePhoneAtOnceOneWinsTheOtherGets214()
    {
        var phone = Phones.NewMainland();
        var (aId, a) = await PasswordUserAsync("racer-a");
        var (bId, b) = await PasswordUserAsync("racer-b");
        var aCode = await CodeAsync(phone, "bind", a);
        var bCode = await CodeAsync(phone, "bind", b);

        var answers = await Task.WhenAll(
            Task.Run(() => Client.CallAsync("bindMobilePhone", new { phoneNumber = phone, code = aCode }, a)),
            Task.Run(() => Client.CallAsync("bindMobilePhone", new { phoneNumber = phone, code = bCode }, b)));

        Assert.Single(answers, x => x.Status == HttpStatusCode.OK);
        Assert.Single(answers, x => x.Code == 214);
        var owners = new[] { await MeAsync(a), await MeAsync(b) }.Count(me => (string?)me["phone"] == phone);
        Assert.Equal(1, owners);
        Assert.NotEqual(aId, bId);
    }

    // ---- unbind -----------------------------------------------------------------------------

    [Fact]
    public async Task UnbindingRemovesThePhoneAndEndsTheOtherSessions()
    {
        var (_, token) = await PasswordUserAsync("unbinder");
        var phone = Phones.NewMainland();
        await Client.RunAsync("bindMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "bind", token) }, token);
        var other = (await Client.RestAsync(HttpMethod.Post, "login", new { username = "unbinder", password = "pw" },
            headers: new Dictionary<string, string> { ["X-Parse-Installation-Id"] = "other-device" })).Body["sessionToken"]!.ToString();

        var unbound = await Client.RunAsync("unbindMobilePhone", new { code = await CodeAsync(null, "unbind", token, expectTo: phone) }, token);
        Assert.Null(unbound["phone"]);
        Assert.Null((await MeAsync(token))["phone"]);
        Assert.Equal(209, (await Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: other)).Code);
        (await Client.CallAsync("logInWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "login") })).AssertError(HttpStatusCode.BadRequest, 213);
    }

    [Fact]
    public async Task ThePhoneOfAPhoneOnlyAccountCannotBeUnboundAndTheCodeIsNotUsedUp()
    {
        var phone = Phones.NewMainland();
        var token = await SignUpByPhoneAsync(phone);
        var code = await CodeAsync(null, "unbind", token, expectTo: phone);
        (await Client.CallAsync("unbindMobilePhone", new { code }, token)).AssertError(HttpStatusCode.BadRequest, 119,
            "The phone number is this account's only way to log in. Set a password or link another login first.");

        var me = await MeAsync(token);
        await Client.RestAsync(HttpMethod.Put, "users/" + me["objectId"], new { password = "now-i-have-one" }, token);
        var refreshed = (string)(await Client.RestAsync(HttpMethod.Post, "login", new { username = (string)me["username"]!, password = "now-i-have-one" })).Body["sessionToken"]!;
        Assert.Equal(HttpStatusCode.OK, (await Client.CallAsync("unbindMobilePhone", new { code }, refreshed)).Status);
    }

    // ---- verify and change ------------------------------------------------------------------

    private async Task<string> TicketAsync(string token, string phone) =>
        (string)(await Client.RunAsync("verifyMyPhone", new { code = await CodeAsync(null, "verify", token, expectTo: phone) }, token))["ticket"]!;

    [Fact]
    public async Task AVerifiedTicketMovesTheAccountToANewNumber()
    {
        var oldPhone = Phones.NewMainland();
        var token = await SignUpByPhoneAsync(oldPhone);
        var id = (string?)(await MeAsync(token))["objectId"];
        var staleLogin = await CodeAsync(oldPhone, "login");
        var otherDevice = (string)(await Client.SdkAsync("functions/logInWithMobilePhone",
            new JObject { ["phoneNumber"] = oldPhone, ["code"] = await CodeAsync(oldPhone, "login") }, installationId: "second-device")).Body["result"]!;
        var ticket = await TicketAsync(token, oldPhone);
        Assert.Matches("^pt:[0-9a-f]{32}$", ticket);

        var newPhone = Phones.NewMainland();
        var changed = await Client.RunAsync("changeMobilePhone", new { ticket, newPhoneNumber = newPhone, newCode = await CodeAsync(newPhone, "change", token) }, token);

        Assert.Equal(newPhone, (string?)changed["phone"]);
        Assert.Equal(newPhone, (string?)(await MeAsync(token))["phone"]);
        Assert.Equal(209, (await Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: otherDevice)).Code);
        var viaNew = (string)(await Client.RunAsync("logInWithMobilePhone", new { phoneNumber = newPhone, code = await CodeAsync(newPhone, "login") }))!;
        Assert.Equal(id, (string?)(await MeAsync(viaNew))["objectId"]);
        // A login code sent to the old number before the change died with it.
        (await Client.CallAsync("logInWithMobilePhone", new { phoneNumber = oldPhone, code = staleLogin })).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task ATicketIsSingleUseValidFiveMinutesAndOnlyForItsUser()
    {
        var phone = Phones.NewMainland();
        var token = await SignUpByPhoneAsync(phone);
        var ticket = await TicketAsync(token, phone);
        var intruder = await SignUpByPhoneAsync(Phones.NewMainland());
        var target = Phones.NewMainland();

        (await Client.CallAsync("changeMobilePhone", new { ticket, newPhoneNumber = target, newCode = await CodeAsync(target, "change", intruder) }, intruder))
            .AssertError(HttpStatusCode.BadRequest, 603, "Invalid or expired ticket. Verify your current phone again.");

        // A wrong new code leaves the ticket usable.
        (await Client.CallAsync("changeMobilePhone", new { ticket, newPhoneNumber = target, newCode = "000000" }, token)).AssertError(HttpStatusCode.BadRequest, 603);
        Assert.Equal(HttpStatusCode.OK, (await Client.CallAsync("changeMobilePhone", new { ticket, newPhoneNumber = target, newCode = await CodeAsync(target, "change", token) }, token)).Status);
        var again = Phones.NewMainland();
        (await Client.CallAsync("changeMobilePhone", new { ticket, newPhoneNumber = again, newCode = await CodeAsync(again, "change", token) }, token))
            .AssertError(HttpStatusCode.BadRequest, 603, "Invalid or expired ticket. Verify your current phone again.");

        var late = await TicketAsync(token, target);
        var later = Phones.NewMainland();
        var laterCode = await CodeAsync(later, "change", token); // moves the clock one minute
        _host.Time.Advance(TimeSpan.FromMinutes(4));
        (await Client.CallAsync("changeMobilePhone", new { ticket = late, newPhoneNumber = later, newCode = laterCode }, token))
            .AssertError(HttpStatusCode.BadRequest, 603, "Invalid or expired ticket. Verify your current phone again.");
    }

    [Fact]
    public async Task ChangingToATakenNumberIs214AfterTheCode()
    {
        var phone = Phones.NewMainland();
        var token = await SignUpByPhoneAsync(phone);
        var taken = Phones.NewMainland();
        await SignUpByPhoneAsync(taken);
        var ticket = await TicketAsync(token, phone);
        (await Client.CallAsync("changeMobilePhone", new { ticket, newPhoneNumber = taken, newCode = await CodeAsync(taken, "change", token) }, token))
            .AssertError(HttpStatusCode.BadRequest, 214);
    }

    // ---- reset password ---------------------------------------------------------------------

    [Fact]
    public async Task AResetCodeSetsAPasswordAndEndsEverySession()
    {
        var phone = Phones.NewMainland();
        var token = await SignUpByPhoneAsync(phone);
        var username = (string)(await MeAsync(token))["username"]!;
        var answer = await Client.CallAsync("resetPasswordBySmsCode", new { phoneNumber = phone, code = await CodeAsync(phone, "resetPassword"), password = "brand-new" });
        Assert.Equal("""{"result":{}}""", answer.Raw);
        Assert.Equal(209, (await Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Code);
        Assert.Equal(HttpStatusCode.OK, (await Client.RestAsync(HttpMethod.Post, "login", new { username, password = "brand-new" })).Status);

        var unknown = Phones.NewMainland();
        (await Client.CallAsync("resetPasswordBySmsCode", new { phoneNumber = unknown, code = await CodeAsync(unknown, "resetPassword"), password = "x" }))
            .AssertError(HttpStatusCode.BadRequest, 213);
        (await Client.CallAsync("resetPasswordBySmsCode", new { phoneNumber = phone, code = await CodeAsync(phone, "resetPassword"), password = "" }))
            .AssertError(HttpStatusCode.BadRequest, 201, "password is required.");
    }

    // ---- administration, languages, texts ----------------------------------------------------

    [Fact]
    public async Task TheMasterKeyActsForAUserNamedByUserIdButStillNeedsTheCode()
    {
        var (id, _) = await PasswordUserAsync("administered");
        var phone = Phones.NewMainland();
        var code = await CodeAsync(phone, "bind", master: true, userId: id);
        var bound = await Client.RestAsync(HttpMethod.Post, "functions/bindMobilePhone", new { phoneNumber = phone, code, userId = id }, master: true);
        Assert.Equal(phone, (string?)bound.Body["result"]!["phone"]);

        (await Client.RestAsync(HttpMethod.Post, "functions/verifyMyPhone", new { code = "123456" }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please login to continue.");
        (await Client.RestAsync(HttpMethod.Post, "functions/verifyMyPhone", new { code = "123456", userId = "nobody0000" }, master: true))
            .AssertError(HttpStatusCode.NotFound, 101, "user not found");
        (await Client.RestAsync(HttpMethod.Post, "functions/unbindMobilePhone", new { userId = id }, master: true))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please specify data for code.");
    }

    [Fact]
    public async Task MessagesAndTextsFollowTheCallersLanguage()
    {
        var phone = Phones.NewMainland();
        var zh = new Dictionary<string, string> { ["Accept-Language"] = "zh-CN,zh;q=0.9,en;q=0.8" };
        await Client.CallAsync("requestSmsCode", new { phoneNumber = phone, purpose = "register" }, headers: zh);
        Assert.Contains("注册", (string?)_host.Outbox.Messages[^1]["text"]);
        (await Client.CallAsync("registerWithMobilePhone", new { phoneNumber = phone, code = "000000" }, headers: zh))
            .AssertError(HttpStatusCode.BadRequest, 603, "验证码无效或已过期。");

        var other = Phones.NewMainland();
        await Client.CallAsync("requestSmsCode", new { phoneNumber = other, purpose = "resetPassword" }, headers: new Dictionary<string, string> { ["Accept-Language"] = "en-US" });
        Assert.Contains("password reset code", (string?)_host.Outbox.Messages[^1]["text"]);
    }
}

public sealed class LifecycleTestsOnSqlite() : LifecycleTests(StorageEngine.Sqlite);

public sealed class LifecycleTestsOnPostgres() : LifecycleTests(StorageEngine.Postgres);
