using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sms;

/// <summary>Sms:Failover: the next provider sends when one fails or times out; never on a rate limit or a bad number.</summary>
public sealed class FailoverTests : AliyunThenTencent
{
    private Task<TestHost> StartAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = FailoverSettings();
        // Well below the fake's 5 s hang in "0999", well above a prompt answer on a busy machine:
        // at 300 ms the "0500" error sometimes arrived after the timeout while the whole suite ran.
        settings["Sms:Aliyun:Timeout"] = "00:00:02";
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return TestHost.StartAsync(settings);
    }

    [Theory]
    [InlineData("0500")]
    [InlineData("0999")]
    public async Task WhenTheFirstProviderFailsOrTimesOutTheNextSendsOnceAndItsCodeWorks(string scenario)
    {
        await using var host = await StartAsync();
        Aliyun.Forced = scenario;
        var phone = Phones.NewMainland();

        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Status);
        Assert.Single(Aliyun.To(phone));
        var delivered = Assert.Single(Tencent.To(phone));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = delivered.Code })).Status);

        var log = (await host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog?where=" + Uri.EscapeDataString($$"""{"phone":"{{phone}}"}"""), master: true)).Body["results"]!;
        // Both attempts carry the test clock's instant, so compare as a set.
        Assert.Equal(["aliyun:failed", "tencent:sent"], log.Select(e => $"{e["provider"]}:{e["status"]}").Order());
        Assert.Equal(scenario == "0999" ? "timeout" : "isv.AMOUNT_NOT_ENOUGH", (string?)log.Single(e => (string?)e["provider"] == "aliyun")["errorCode"]);
    }

    [Fact]
    public async Task AnUnreachableProviderIsRetriedThenFailedOver()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0)) { listener.Start(); closedPort = ((IPEndPoint)listener.LocalEndpoint).Port; }
        await using var host = await StartAsync(new() { ["Sms:Aliyun:Endpoint"] = $"http://127.0.0.1:{closedPort}/" });
        var phone = Phones.NewMainland();

        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Status);
        Assert.Single(Tencent.To(phone));
        Assert.Contains("ConnectionError", host.Logs.All);
    }

    [Theory]
    [InlineData("0601", 601)]
    [InlineData("0127", 127)]
    public async Task ARateLimitOrAnInvalidNumberDoesNotFailOver(string scenario, int code)
    {
        await using var host = await StartAsync();
        var phone = Phones.NewMainland()[..^4] + scenario;
        Assert.Equal(code, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Code);
        Assert.Single(Aliyun.To(phone));
        Assert.Empty(Tencent.To(phone));
    }

    [Fact]
    public async Task WhenLeanCloudFailsTheNextProvidersCodeIsCheckedLocally()
    {
        await using var leancloud = (FakeLeanCloud)await Vendors.StartAsync("leancloud");
        var settings = Vendors.Settings("leancloud", leancloud);
        foreach (var (key, value) in Vendors.Settings("aliyun", Aliyun)) settings[key] = value;
        settings["Sms:Provider"] = "leancloud";
        settings["Sms:Failover:0"] = "aliyun";
        await using var host = await TestHost.StartAsync(settings);
        leancloud.Forced = "0500";
        var phone = Phones.NewMainland();

        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var delivered = Assert.Single(Aliyun.To(phone));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = delivered.Code })).Status);
    }

    [Theory]
    [InlineData("Sms:Provider", "carrier-pigeon", "Sms:Provider and Sms:Failover must name providers among")]
    [InlineData("Sms:Failover:0", "aliyun", "Sms:Failover must not repeat a provider.")]
    [InlineData("Sms:Aliyun:AccessKeySecret", "", "AccessKeySecret")]
    [InlineData("Sms:Tencent:Timeout", "00:00:00", "Sms:Tencent:Timeout must be positive.")]
    public async Task ABadSmsConfigurationStopsStartUpNamingTheSetting(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));
        Assert.Contains(message, error.Message);
    }
}
