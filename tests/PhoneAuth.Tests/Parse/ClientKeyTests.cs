using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Parse;

/// <summary>Client keys are checked only when configured, as Parse Server does.</summary>
public sealed class ClientKeyTests
{
    [Fact]
    public async Task WithoutConfiguredClientKeysNoneIsNeeded()
    {
        await using var host = await TestHost.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() })).Status);
    }

    [Fact]
    public async Task WithAConfiguredJavaScriptKeyARequestWithoutItIs403()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Parse:JavaScriptKey"] = "js-key" });

        var without = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        Assert.Equal(HttpStatusCode.Forbidden, without.Status);
        Assert.Equal("unauthorized", without.Error);

        var wrong = await host.Client.SdkAsync("functions/requestSmsCode", new() { ["phoneNumber"] = Phones.NewMainland(), ["_JavaScriptKey"] = "nope" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);

        var right = await host.Client.SdkAsync("functions/requestSmsCode", new() { ["phoneNumber"] = Phones.NewMainland(), ["_JavaScriptKey"] = "js-key" });
        Assert.Equal(HttpStatusCode.OK, right.Status);

        var header = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() },
            headers: new Dictionary<string, string> { ["X-Parse-Javascript-Key"] = "js-key" });
        Assert.Equal(HttpStatusCode.OK, header.Status);

        var master = await host.Client.RestAsync(HttpMethod.Post, "functions/requestSmsCode", new JObject { ["phoneNumber"] = Phones.NewMainland() }, master: true);
        Assert.Equal(HttpStatusCode.OK, master.Status);
    }
}
