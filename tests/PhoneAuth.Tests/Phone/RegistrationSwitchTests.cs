using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>PhoneAuth:AllowRegister = false: the phone functions create no users.</summary>
public sealed class RegistrationSwitchTests
{
    [Fact]
    public async Task WithRegistrationOffAnUnknownPhoneIs213AfterAValidCode()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["PhoneAuth:AllowRegister"] = "false" });
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });

        var answer = await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = host.Outbox.LatestCode(phone) });

        answer.AssertError(HttpStatusCode.BadRequest, 213, "No user has this phone number.");
        Assert.Equal(0, await host.Database.CountAsync("users"));
    }
}
