using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>Every rule of a code: expiry, resend interval, attempts, single use, and every error it answers.</summary>
public abstract class CodeRulesTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    // The test client is the "proxy": X-Forwarded-For names the client address where a test needs several.
    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Network:KnownProxies:0"] = "127.0.0.1" }, engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<WireResponse> RequestAsync(string phone) => _host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone });
    private Task<WireResponse> VerifyAsync(string phone, string code) =>
        _host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code });

    [Theory]
    [InlineData("12345")]
    [InlineData("+86 12345678901")]
    [InlineData("1380013800a")]
    [InlineData("+0 1234567")]
    [InlineData("")]
    public async Task AnInvalidNumberIs127(string phone)
    {
        var response = await RequestAsync(phone);
        response.AssertError(HttpStatusCode.BadRequest, 127, "Invalid phone number.");
        Assert.Empty(_host.Outbox.Messages);
    }

    [Fact]
    public async Task MissingOrIllTypedParametersAre142()
    {
        (await _host.Client.CallAsync("requestSmsCode", new { }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please specify data for phoneNumber.");
        (await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = 13800138000 }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Invalid type for phoneNumber. Expected: String");
        (await _host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = Phones.NewMainland() }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please specify data for code.");
        (await _host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = Phones.NewMainland(), code = 123456 }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Invalid type for code. Expected: String");
    }

    [Fact]
    public async Task ASecondRequestWithinTheResendIntervalIs601WithRetryAfter()
    {
        var phone = Phones.NewMainland();
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(phone)).Status);
        _host.Time.Advance(TimeSpan.FromSeconds(59));

        var again = await RequestAsync(phone);
        again.AssertError(HttpStatusCode.BadRequest, 601, "Codes are requested too often. Try again in 1 seconds.");
        Assert.Equal("1", again.Headers.RetryAfter?.ToString());
        Assert.Equal(1, _host.Outbox.CountTo(phone));

        _host.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(phone)).Status);
        Assert.Equal(2, _host.Outbox.CountTo(phone));
    }

    [Fact]
    public async Task OneAddressGetsFiveCodesForANumberAndTheNumberTenInAnyTwentyFourHours()
    {
        var phone = Phones.NewMainland();
        Task<WireResponse> FromAsync(string ip) =>
            _host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: new Dictionary<string, string> { ["X-Forwarded-For"] = ip });
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FromAsync("203.0.113.1")).Status);
            _host.Time.Advance(TimeSpan.FromMinutes(10));
        }
        var sixth = await FromAsync("203.0.113.1");
        Assert.Equal(601, sixth.Code);
        Assert.Contains("Too many codes", sixth.Error);
        // That address's first code was sent 50 minutes ago: its room returns 24 h after it.
        Assert.Equal(((int)TimeSpan.FromHours(24).Subtract(TimeSpan.FromMinutes(50)).TotalSeconds).ToString(), sixth.Headers.RetryAfter?.ToString());

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await FromAsync("203.0.113.2")).Status);
            _host.Time.Advance(TimeSpan.FromMinutes(10));
        }
        var eleventh = await FromAsync("203.0.113.3");
        Assert.Equal(601, eleventh.Code);
        Assert.Contains("Too many codes", eleventh.Error);
        // The number's first code was sent 100 minutes ago: room returns 24 h after it.
        Assert.Equal(((int)TimeSpan.FromHours(24).Subtract(TimeSpan.FromMinutes(100)).TotalSeconds).ToString(), eleventh.Headers.RetryAfter?.ToString());
        Assert.Equal(10, _host.Outbox.CountTo(phone));

        _host.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(100));
        Assert.Equal(HttpStatusCode.OK, (await FromAsync("203.0.113.3")).Status);
    }

    [Fact]
    public async Task AWrongCodeIs603()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var wrong = _host.Outbox.LatestCode(phone) == "000000" ? "111111" : "000000";
        (await VerifyAsync(phone, wrong)).AssertError(HttpStatusCode.BadRequest, 603, "Invalid or expired verification code.");
    }

    [Fact]
    public async Task ACodeForAnotherNumberIs603()
    {
        var phone = Phones.NewMainland();
        var other = Phones.NewMainland();
        await RequestAsync(phone);
        await RequestAsync(other);
        (await VerifyAsync(other, _host.Outbox.LatestCode(phone))).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task ACodeIsValidUntilOneMillisecondBeforeFiveMinutesAndDeadAtFive()
    {
        var early = Phones.NewMainland();
        var late = Phones.NewMainland();
        await RequestAsync(early);
        await RequestAsync(late);
        _host.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(early, _host.Outbox.LatestCode(early))).Status);

        _host.Time.Advance(TimeSpan.FromMilliseconds(1));
        (await VerifyAsync(late, _host.Outbox.LatestCode(late))).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task ACodeWorksOnce()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(phone, code)).Status);
        (await VerifyAsync(phone, code)).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task ACodeTypedInFullWidthDigitsOrWithSpacesIsTheSameCode()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);
        // As a Chinese input method types it (U+FF10..U+FF19), with a space in the middle.
        var typed = string.Concat(code.Select(c => (char)(c - '0' + '\uFF10'))).Insert(3, " ");
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(phone, typed)).Status);
        (await VerifyAsync(phone, code)).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task AfterFiveWrongAttemptsEvenTheRightCodeIsRefused()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++) Assert.Equal(603, (await VerifyAsync(phone, wrong)).Code);
        (await VerifyAsync(phone, code)).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task FourWrongAttemptsLeaveTheCodeUsable()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 4; i++) Assert.Equal(603, (await VerifyAsync(phone, wrong)).Code);
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(phone, code)).Status);
    }

    [Fact]
    public async Task ANewCodeReplacesThePreviousOne()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var first = _host.Outbox.LatestCode(phone);
        _host.Time.Advance(TimeSpan.FromSeconds(60));
        await RequestAsync(phone);
        var second = _host.Outbox.LatestCode(phone);
        if (first != second) (await VerifyAsync(phone, first)).AssertError(HttpStatusCode.BadRequest, 603);
        Assert.Equal(HttpStatusCode.OK, (await VerifyAsync(phone, second)).Status);
    }

    [Fact]
    public async Task TwentyConcurrentVerificationsOfOneCodeSucceedExactlyOnce()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => VerifyAsync(phone, code))));

        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.OK), a => a.AssertError(HttpStatusCode.BadRequest, 603));
    }

    [Fact]
    public async Task ConcurrentGuessesNeverGetMoreThanFiveComparisons()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";

        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => VerifyAsync(phone, wrong))));

        (await VerifyAsync(phone, code)).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Fact]
    public async Task TheCodeIsStoredOnlyAsAHashAndTheTokenNotAtAll()
    {
        var phone = Phones.NewMainland();
        await RequestAsync(phone);
        var code = _host.Outbox.LatestCode(phone);
        var token = (string)(await _host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))!;

        var dump = await _host.Database.DumpAsync();
        Assert.DoesNotContain(token, dump);
        Assert.DoesNotContain(token[2..], dump);
        Assert.DoesNotContain($"'{code}'", dump);
        Assert.Contains(phone, dump);
    }
}

public sealed class CodeRulesTestsOnSqlite() : CodeRulesTests(StorageEngine.Sqlite);

public sealed class CodeRulesTestsOnPostgres() : CodeRulesTests(StorageEngine.Postgres);
