using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>The demo at "/": the tutorial's flow in a real browser, against the server's own Parse REST API.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DemoPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task ANewcomerSignsInWithTheCodeFromTheDevOutboxSeesUsersMeAndLogsOut()
    {
        await using var host = await TestHost.StartAsync(environment: "Development");
        var page = await browser.NewPageAsync();
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);
        var phone = Phones.NewMainland();

        await page.GotoAsync(new Uri(host.ServerUrl, "/").ToString());
        await page.FillAsync("#phone", phone);
        await page.ClickAsync("#send");
        var outbox = page.Locator("#outbox li").First;
        await Assertions.Expect(outbox).ToContainTextAsync(phone[^4..]);
        var code = CodePattern().Match(await outbox.InnerTextAsync()).Value;
        Assert.Matches("^[0-9]{6}$", code);
        Assert.Equal(code, host.Outbox.LatestCode(phone));
        await BrowserFixture.ScreenshotAsync(page, "demo-code-sent");

        await page.FillAsync("#code", code);
        await page.ClickAsync("#login");
        await Assertions.Expect(page.Locator("#me")).ToContainTextAsync("\"sessionToken\"");
        var me = await page.Locator("#me").InnerTextAsync();
        var token = Regex.Match(me, "\"sessionToken\": \"([^\"]+)\"").Groups[1].Value;
        Assert.Contains(phone, me);
        await BrowserFixture.ScreenshotAsync(page, "demo-signed-in");

        await page.ClickAsync("#logout");
        await Assertions.Expect(page.Locator("#step-me")).ToBeHiddenAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status);
        Assert.Empty(failedRequests);
    }

    [Fact]
    public async Task TheDemoIsOffOutsideDevelopmentUnlessConfiguredAndNeverShowsTheOutboxThere()
    {
        await using (var off = await TestHost.StartAsync())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await off.Http.GetAsync("/")).StatusCode);
        }
        await using var on = await TestHost.StartAsync(new Dictionary<string, string?> { ["Demo:Enabled"] = "true" });
        var page = await on.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("data-outbox=\"off\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await on.Http.GetAsync("/demo/outbox?phone=13800138000")).StatusCode);
    }

    [Fact]
    public async Task TheDevOutboxIsShownOnlyToThisMachine()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Network:KnownProxies:0"] = "127.0.0.1" }, environment: "Development");
        var phone = Phones.NewMainland();
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "functions/requestSmsCode", new { phoneNumber = phone })).Status);
        var local = await host.Http.GetAsync($"/demo/outbox?phone={Uri.EscapeDataString(phone)}");
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Matches(CodePattern(), await local.Content.ReadAsStringAsync());

        // From another machine on the network (as a proxy in front of the server reports it): refused, and no code.
        using var remote = new HttpRequestMessage(HttpMethod.Get, $"/demo/outbox?phone={Uri.EscapeDataString(phone)}");
        remote.Headers.Add("X-Forwarded-For", "192.168.1.23");
        var refused = await host.Http.SendAsync(remote);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotMatch(CodePattern(), await refused.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("(?<![0-9])[0-9]{6}(?![0-9])")]
    private static partial Regex CodePattern();
}
