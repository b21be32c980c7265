using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Functions;

/// <summary>An application adds functions from its own assembly, named in configuration, without editing the server.</summary>
public sealed class CloudCodeAssemblyTests
{
    [Fact]
    public async Task FunctionsFromAConfiguredAssemblyAreServedBesideTheBuiltIns()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll });

        Assert.Equal("Hello, Ada!", (string?)(await host.Client.RunAsync("hello", new { name = "Ada" }))["greeting"]);
        (await host.Client.CallAsync("whoAmI", new { })).AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please login to continue.");
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(host, phone);
        Assert.Equal(phone, (string?)await host.Client.RunAsync("whoAmI", new { }, token));
    }

    [Fact]
    public async Task AnSmsSenderFromAConfiguredAssemblySendsTheCodesWhenNamedAsTheProvider()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll,
            ["Sms:Provider"] = "acme-gateway",
        });
        var phone = Phones.NewMainland();

        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var read = await host.Client.RestAsync(HttpMethod.Post, "functions/gatewayOutbox", new { phoneNumber = phone }, master: true);
        var code = (string?)read.Body["result"];

        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(0, host.Outbox.CountTo(phone));
        var token = (string?)await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code });
        Assert.StartsWith("r:", token);
    }
}
