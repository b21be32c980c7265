using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>Codes, session tokens, keys and full phone numbers never reach the log.</summary>
public sealed class LogSecrecyTests
{
    [Fact]
    public async Task TheWholeFlowLogsNoCodeTokenKeyOrFullNumber()
    {
        await using var host = await TestHost.StartAsync();
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong });
        var token = (string)(await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))!;
        await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token, master: true);
        await host.Client.RestAsync(HttpMethod.Post, "logout", sessionToken: token);
        await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);

        var logs = host.Logs.All;
        Assert.Contains(phone[^4..], logs); // the masked number is logged...
        Assert.DoesNotContain(phone, logs); // ...never the whole of it
        Assert.DoesNotContain(code, logs);
        Assert.DoesNotContain(wrong, logs);
        Assert.DoesNotContain(token[2..], logs);
        Assert.DoesNotContain(TestHost.MasterKey, logs);
        Assert.DoesNotContain(TestHost.CodeSecret, logs);
    }

    [Fact]
    public async Task InDevelopmentTheDevProviderLogsTheTextSoADeveloperCanLogIn()
    {
        await using var host = await TestHost.StartAsync(environment: "Development");
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        Assert.Contains(host.Outbox.LatestCode(phone), host.Logs.All);
        Assert.DoesNotContain(phone, host.Logs.All);
    }
}
