using System.Net;
using Microsoft.Playwright;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>The operators' console in a real browser: sign in, find a user, revoke, unlock, watch sends.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleBrowserTests(BrowserFixture browser)
{
    private static readonly Dictionary<string, string?> ConsoleOn = new()
    {
        ["Console:Enabled"] = "true",
        // Two wrong codes lock a phone, so the test can make a lock quickly.
        ["Limits:VerifyFailuresPerPhone"] = "2",
    };

    [Fact]
    public async Task AnOperatorFindsAUserByTheLastFourDigitsRevokesASessionAndClearsAPhoneLock()
    {
        await using var host = await TestHost.StartAsync(ConsoleOn);
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(host, phone);
        var page = await browser.NewPageAsync();
        var root = new Uri(host.ServerUrl, "/");

        await SignInAsync(page, root);
        await page.FillAsync("#user-search", phone[^4..]);
        await page.PressAsync("#user-search", "Enter");
        await Assertions.Expect(page.Locator("#users")).ToContainTextAsync(phone);
        await BrowserFixture.ScreenshotAsync(page, "console-users");

        await page.Locator("#users a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#user-phone")).ToHaveTextAsync(phone);
        await Assertions.Expect(page.Locator("#sign-up-method")).ToHaveTextAsync("phone");
        await Assertions.Expect(page.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status);
        await BrowserFixture.ScreenshotAsync(page, "console-user-sessions");

        await page.Locator("#sessions tbody tr button").ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Session revoked.");
        await Assertions.Expect(page.Locator("#sessions tbody tr")).ToHaveCountAsync(0);
        (await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).AssertError(HttpStatusCode.BadRequest, 209);

        // Two wrong codes against a live one lock this requester out of the phone.
        host.Time.Advance(TimeSpan.FromMinutes(2));
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 2; i++) await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong });
        (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code })).AssertError(HttpStatusCode.BadRequest, 603);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#phone-locks li")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "console-user-locked");

        await page.ClickAsync("#clear-phone-locks");
        await Assertions.Expect(page.Locator("#notice")).ToHaveTextAsync("Phone locks cleared.");
        await Assertions.Expect(page.Locator("#no-phone-locks")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code })).Status);
    }

    [Fact]
    public async Task ASendAppearsInTheLogAndInTheChartsNumbers()
    {
        await using var host = await TestHost.StartAsync(ConsoleOn);
        var page = await browser.NewPageAsync();
        var root = new Uri(host.ServerUrl, "/");
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        await SignInAsync(page, root);

        await page.GotoAsync(new Uri(root, "/console/sms").ToString());
        var before = int.Parse(await page.Locator("#sends-total").InnerTextAsync());
        var phone = Phones.NewMainland();
        // The log is newest first by time, and the test's clock stands still unless moved.
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        await page.ReloadAsync();
        Assert.Equal(before + 1, int.Parse(await page.Locator("#sends-total").InnerTextAsync()));
        await Assertions.Expect(page.Locator("#providers tr[data-provider=dev] .attempts")).ToHaveTextAsync((before + 1).ToString());
        await Assertions.Expect(page.Locator("#send-log tbody tr").First).ToContainTextAsync(phone[^4..]);
        Assert.DoesNotContain(phone, await page.Locator("#send-log").InnerTextAsync());
        await Assertions.Expect(page.Locator(".mud-chart svg").First).ToBeVisibleAsync();
        // The chart draws one bar per hour and series: the current hour's "sent" bar is the last of the first series.
        Assert.True(await page.Locator(".mud-chart svg path, .mud-chart svg rect").CountAsync() > 0);
        await BrowserFixture.ScreenshotAsync(page, "console-sms");

        await page.GotoAsync(new Uri(root, "/console/conversion").ToString());
        await Assertions.Expect(page.Locator("#codes-total")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("#countries")).ToContainTextAsync("+86");
        await Assertions.Expect(page.Locator("#budgets tr[data-budget=global] .used")).ToHaveTextAsync("2 / 3000");
        await Assertions.Expect(page.Locator("#prefixes tbody tr").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "console-conversion");
    }

    [Fact]
    public async Task OnAPhoneInChineseTheConsoleFitsTheScreen()
    {
        await using var host = await TestHost.StartAsync(ConsoleOn);
        await PhoneFlow.SignInAsync(host, Phones.NewMainland());
        var page = await browser.NewPageAsync(phoneSized: true, locale: "zh-CN");
        await SignInAsync(page, new Uri(host.ServerUrl, "/"), submit: "登录");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("用户");
        await BrowserFixture.ScreenshotAsync(page, "console-users-phone-zh");
        foreach (var path in new[] { "/console/users", "/console/sms", "/console/conversion", "/console/data", "/console/jobs" })
        {
            await page.GotoAsync(new Uri(host.ServerUrl, path).ToString());
            var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth");
            Assert.False(overflow, $"{path} is wider than a phone's screen");
            await BrowserFixture.ScreenshotAsync(page, "console-phone-zh-" + path.Split('/')[^1]);
        }
    }

    private static async Task SignInAsync(IPage page, Uri root, string submit = "Sign in")
    {
        await page.GotoAsync(new Uri(root, "/console/login").ToString());
        await BrowserFixture.ScreenshotAsync(page, "console-sign-in");
        await page.FillAsync("#master-key", TestHost.MasterKey);
        await page.GetByRole(AriaRole.Button, new() { Name = submit }).ClickAsync();
        await page.WaitForURLAsync("**/console/users");
    }
}
