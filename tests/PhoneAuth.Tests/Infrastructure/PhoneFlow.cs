namespace PhoneAuth.Tests.Infrastructure;

/// <summary>The tutorial's two calls, for tests that need a logged-in phone user.</summary>
public static class PhoneFlow
{
    /// <summary>Requests a code for <paramref name="phone"/> and signs up or logs in with it; returns the session token.</summary>
    public static async Task<string> SignInAsync(TestHost host, string phone)
    {
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var token = await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = host.Outbox.LatestCode(phone) });
        return (string)token!;
    }
}
