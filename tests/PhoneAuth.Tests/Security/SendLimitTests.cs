using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>The send limits beyond the per-phone ones: country allow-list, per IP, per country, global budget.</summary>
public sealed class SendLimitTests
{
    private static Dictionary<string, string> From(string ip) => new() { ["X-Forwarded-For"] = ip };

    private static Task<TestHost> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Network:KnownProxies:0"] = "127.0.0.1"; // the test client is the "proxy": X-Forwarded-For picks the client IP
        return TestHost.StartAsync(settings);
    }

    [Fact]
    public async Task OnlyMainlandNumbersReceiveCodesByDefaultAndNothingIsCountedOrSent()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["PhoneAuth:TestNumbers:0:Phone"] = "+1 415 555 0100", ["PhoneAuth:TestNumbers:0:Code"] = "123456",
        });
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = "+1 415 555 2671" })).AssertError(HttpStatusCode.BadRequest, 127, "Invalid phone number.");
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = "+44 7911 123456" })).AssertError(HttpStatusCode.BadRequest, 127);
        Assert.Empty(host.Outbox.Messages);
        Assert.Equal(0, await host.Database.CountAsync("rate_limit_events") + await host.Database.CountAsync("rate_limit_buckets"));
        // A configured test number never costs an SMS, so it is exempt from the allow-list.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = "+14155550100" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() })).Status);
    }

    [Theory]
    [InlineData("1", "+14155552671", true)]
    [InlineData("1", "+447911123456", false)]
    [InlineData("*", "+447911123456", true)]
    public async Task TheAllowListIsConfigurable(string allowed, string phone, bool accepted)
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Limits:AllowedCountryCodes:0"] = allowed });
        var answer = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone });
        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, answer.Status);
    }

    [Fact]
    public async Task OneClientIpGetsAtMostItsHourlyNumberOfCodes()
    {
        await using var host = await StartAsync(new() { ["Limits:SendsPerIpPerHour"] = "3" });
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() }, headers: From("203.0.113.7"))).Status);
        host.Time.Advance(TimeSpan.FromMinutes(10));
        var refused = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() }, headers: From("203.0.113.7"));
        refused.AssertError(HttpStatusCode.BadRequest, 601, "Too many codes have been sent. Try again in 3000 seconds.");
        Assert.Equal("3000", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() }, headers: From("203.0.113.8"))).Status);
        Assert.Equal(4, host.Outbox.Messages.Count);
    }

    [Fact]
    public async Task ForwardedAddressesAreIgnoredUnlessTheProxyIsTrusted()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Limits:SendsPerIpPerHour"] = "2" });
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() }, headers: From($"198.51.100.{i}"))).Status);
        Assert.Equal(601, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() }, headers: From("198.51.100.99"))).Code);
    }

    [Fact]
    public async Task ACountryAndTheWholeServerHaveHourlyBudgets()
    {
        await using var host = await StartAsync(new()
        {
            ["Limits:AllowedCountryCodes:0"] = "*", ["Limits:SendsPerCountryPerHour"] = "2", ["Limits:GlobalSendsPerHour"] = "3",
        });
        var n = 0;
        Task<WireResponse> SendAsync(string phone) => host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: From($"192.0.2.{++n}"));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Phones.NewMainland())).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Phones.NewMainland())).Status);
        Assert.Equal(601, (await SendAsync(Phones.NewMainland())).Code); // the third +86 number this hour
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("+14155552671")).Status);
        Assert.Equal(601, (await SendAsync("+447911123456")).Code); // the fourth code this hour, whatever the country
        host.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("+447911123456")).Status);
    }
}
