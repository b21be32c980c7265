using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>Test numbers for app-store review: a fixed code, no SMS, the same limits.</summary>
public sealed class TestNumberTests : IAsyncLifetime
{
    private const string ReviewPhone = "+8613900000001";
    private const string ExpiredPhone = "+8613900000002";
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["PhoneAuth:TestNumbers:0:Phone"] = "139 0000 0001",
        ["PhoneAuth:TestNumbers:0:Code"] = "246810",
        ["PhoneAuth:TestNumbers:1:Phone"] = ExpiredPhone,
        ["PhoneAuth:TestNumbers:1:Code"] = "135790",
        ["PhoneAuth:TestNumbers:1:ValidUntil"] = "2000-01-01T00:00:00Z",
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ATestNumberLogsInWithItsFixedCodeAndNoSmsIsSent()
    {
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = ReviewPhone });
        Assert.Equal(0, _host.Outbox.CountTo(ReviewPhone));

        var token = await _host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = ReviewPhone, code = "246810" });
        Assert.StartsWith("r:", (string)token!);
    }

    [Fact]
    public async Task ATestNumberStillObeysTheResendIntervalAndSingleUse()
    {
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = ReviewPhone });
        Assert.Equal(601, (await _host.Client.CallAsync("requestSmsCode", new { phoneNumber = ReviewPhone })).Code);
        await _host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = ReviewPhone, code = "246810" });
        Assert.Equal(603, (await _host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = ReviewPhone, code = "246810" })).Code);
    }

    [Fact]
    public async Task AnExpiredTestNumberIsAnOrdinaryNumber()
    {
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = ExpiredPhone });
        Assert.Equal(1, _host.Outbox.CountTo(ExpiredPhone));
        var code = _host.Outbox.LatestCode(ExpiredPhone);
        if (code != "135790")
            Assert.Equal(603, (await _host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = ExpiredPhone, code = "135790" })).Code);
    }
}
