using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>Verification limits beyond the per-code attempts: a phone lock and a per-IP cap on wrong codes.</summary>
public sealed class VerifyLimitTests
{
    private const string LockedMessage = "Too many wrong codes. Code login for this number is locked; try again in {0} seconds.";

    [Fact]
    public async Task WrongCodesForOnePhoneLockItsCodeChecksForTheConfiguredTime()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:VerifyFailuresPerPhone"] = "3", ["Limits:VerifyFailureWindow"] = "00:15:00", ["Limits:PhoneLockDuration"] = "00:30:00",
        });
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 3; i++) Assert.Equal(603, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong })).Code);

        var locked = await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code });
        locked.AssertError(HttpStatusCode.BadRequest, 603, string.Format(LockedMessage, 1800));
        Assert.Equal("1800", locked.Headers.RetryAfter?.ToString());

        host.Time.Advance(TimeSpan.FromMinutes(30));
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = host.Outbox.LatestCode(phone) })).Status);
    }

    [Fact]
    public async Task FailuresOutsideTheWindowDoNotAddUp()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Limits:VerifyFailuresPerPhone"] = "3" });
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong });
        await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong });
        host.Time.Advance(TimeSpan.FromMinutes(16));
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        code = host.Outbox.LatestCode(phone);
        wrong = code == "000000" ? "111111" : "000000";
        await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong });
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code })).Status);
    }

    [Fact]
    public async Task OneClientIpHasAnHourlyCapOnWrongCodes()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:VerifyFailuresPerIpPerHour"] = "4", ["Network:KnownProxies:0"] = "127.0.0.1",
        });
        var attacker = new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.66" };
        for (var i = 0; i < 4; i++)
            Assert.Equal(603, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = Phones.NewMainland(), code = "123456" }, headers: attacker)).Code);
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = host.Outbox.LatestCode(phone);
        (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }, headers: attacker)).AssertError(HttpStatusCode.BadRequest, 603);
        Assert.Contains("locked", (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }, headers: attacker)).Error);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code },
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = "203.0.113.67" })).Status);
    }
}
