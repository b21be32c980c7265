using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>
/// A number typed in by hand (the master key, an import) is not proof that its holder owns the
/// account: a code sent to it neither logs in nor resets the password (215) until it is verified.
/// </summary>
public sealed class UnverifiedPhoneTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> CodeAsync(string phone, string purpose)
    {
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        await _host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone, purpose });
        return _host.Outbox.LatestCode(phone);
    }

    [Fact]
    public async Task ACodeToAnUnverifiedNumberNeitherLogsInNorResetsThePassword()
    {
        var user = await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "typed-in", password = "pw" });
        var id = (string)user.Body["objectId"]!;
        var phone = Phones.NewMainland();
        var set = await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { phone }, master: true);
        Assert.Equal(HttpStatusCode.OK, set.Status);

        (await _host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "login") }))
            .AssertError(HttpStatusCode.BadRequest, 215, "This account's phone number is not verified. Log in another way and verify it first.");
        Assert.Equal(215, (await _host.Client.CallAsync("logInWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "login") })).Code);
        Assert.Equal(215, (await _host.Client.CallAsync("resetPasswordBySmsCode", new { phoneNumber = phone, code = await CodeAsync(phone, "resetPassword"), password = "taken" })).Code);
        Assert.Equal(1, await _host.Database.CountAsync("users"));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "typed-in", password = "pw" })).Status);

        // Verified by the master key (or, in the LeanCloud dialect, by the user with verifyMobilePhone), it logs in.
        await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { phoneVerified = true }, master: true);
        var token = (string)(await _host.Client.RunAsync("logInWithMobilePhone", new { phoneNumber = phone, code = await CodeAsync(phone, "login") }))!;
        Assert.Equal(id, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["objectId"]);
    }
}
