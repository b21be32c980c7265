using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>What the console's user actions do, seen through the Parse API: they act on the same core as the API.</summary>
public sealed class ConsoleUserActionTests
{
    [Fact]
    public async Task ClearingALockoutLetsTheRightPasswordInAtOnce()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Console:Enabled"] = "true",
            ["Users:AccountLockout:Threshold"] = "2",
        });
        var created = await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "locky", password = "right" });
        var id = (string)created.Body["objectId"]!;
        for (var i = 0; i < 2; i++) await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "locky", password = "wrong" });
        (await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "locky", password = "right" })).AssertError(HttpStatusCode.NotFound, 101);
        var console = await ConsoleClient.SignInAsync(host);
        var page = await (await console.GetAsync($"/console/users/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("id=\"clear-lockout\"", page);
        Assert.Contains("Failed logins: 2", page);

        Assert.Equal(HttpStatusCode.Redirect, (await console.PostAsync($"/console/users/{id}/unlock", console.Csrf)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "locky", password = "right" })).Status);
        Assert.Contains("Failed logins: 0", await (await console.GetAsync($"/console/users/{id}")).Content.ReadAsStringAsync());
        Assert.Contains(host.Logs.Lines, l => l.Contains($"Account lockout of user {id} cleared by an operator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarkingAPhoneVerifiedShowsInTheApi()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Console:Enabled"] = "true" });
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(host, phone);
        var id = (string)(await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["objectId"]!;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Put, $"users/{id}", new { phoneVerified = false }, master: true)).Status);
        Assert.False((bool)(await host.Client.RestAsync(HttpMethod.Get, $"users/{id}", master: true)).Body["phoneVerified"]!);
        var console = await ConsoleClient.SignInAsync(host);
        Assert.Contains("id=\"mark-verified\"", await (await console.GetAsync($"/console/users/{id}")).Content.ReadAsStringAsync());

        var done = await console.PostAsync($"/console/users/{id}/verify-phone", console.Csrf);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.True((bool)(await host.Client.RestAsync(HttpMethod.Get, $"users/{id}", master: true)).Body["phoneVerified"]!);
    }

    [Fact]
    public async Task UsersAreFoundByIdUsernameWholeNumberInNationalFormAndLastDigitsOnly()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Console:Enabled"] = "true", ["PhoneAuth:DefaultCountryCode"] = "86" });
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(host, phone);
        var id = (string)(await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["objectId"]!;
        await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "someone-else", password = "pw" });
        var console = await ConsoleClient.SignInAsync(host);

        foreach (var search in new[] { id, phone, Phones.National(phone), phone[^4..], phone[^7..] })
        {
            var page = WebUtility.HtmlDecode(await (await console.GetAsync("/console/users?q=" + Uri.EscapeDataString(search))).Content.ReadAsStringAsync());
            Assert.True(page.Contains(phone, StringComparison.Ordinal), $"{search} did not find the user");
            Assert.DoesNotContain("someone-else", page);
        }
        var byName = WebUtility.HtmlDecode(await (await console.GetAsync("/console/users?q=someone-else")).Content.ReadAsStringAsync());
        Assert.DoesNotContain(phone, byName);
        Assert.Contains("someone-else", byName);
        // Digits in the middle of the number are not its last digits.
        Assert.Contains("id=\"no-users\"", await (await console.GetAsync("/console/users?q=" + phone[3..7])).Content.ReadAsStringAsync());
    }
}
