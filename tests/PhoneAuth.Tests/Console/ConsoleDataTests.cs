using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>The data browser: classes, a class's schema and objects with the same where JSON as the API, ACLs, a role's users, delete.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleDataTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnOperatorBrowsesQueriesAndDeletesObjectsAndSeesARolesUsers()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Console:Enabled"] = "true" });
        var low = await host.Client.RestAsync(HttpMethod.Post, "classes/GameScore", new { score = 10, player = "low" }, master: true);
        var high = await host.Client.RestAsync(HttpMethod.Post, "classes/GameScore",
            new Dictionary<string, object> { ["score"] = 20, ["player"] = "high", ["ACL"] = new Dictionary<string, object> { ["role:admins"] = new { read = true } } }, master: true);
        var user = await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "ada", password = "pw" });
        var role = await host.Client.RestAsync(HttpMethod.Post, "roles", new Dictionary<string, object>
        {
            ["name"] = "admins",
            ["ACL"] = new Dictionary<string, object> { ["*"] = new { read = true } },
            ["users"] = new { __op = "AddRelation", objects = new[] { new { __type = "Pointer", className = "_User", objectId = (string)user.Body["objectId"]! } } },
        }, master: true);
        Assert.Equal(HttpStatusCode.Created, role.Status);
        var console = await ConsoleClient.SignInAsync(host);

        var classes = await Html(console, "/console/data");
        Assert.Contains("/console/data/GameScore", classes);
        Assert.Contains("/console/data/_Role", classes);

        var all = await Html(console, "/console/data/GameScore");
        Assert.Contains("<span id=\"object-count\">2</span>", all);
        Assert.Contains("<dt>score</dt><dd>Number</dd>", all);
        Assert.Contains("{\"role:admins\":{\"read\":true}}", all);

        var where = Uri.EscapeDataString("{\"score\":{\"$gt\":15}}");
        var found = await Html(console, "/console/data/GameScore?where=" + where);
        Assert.Contains("<span id=\"object-count\">1</span>", found);
        Assert.Contains((string)high.Body["objectId"]!, found);
        Assert.DoesNotContain((string)low.Body["objectId"]!, found);
        Assert.Contains("id=\"query-problem\"", await Html(console, "/console/data/GameScore?where=" + Uri.EscapeDataString("{\"score\":")));
        Assert.Contains("id=\"query-problem\"", await Html(console, "/console/data/GameScore?where=" + Uri.EscapeDataString("{\"$bogus\":1}")));

        var parent = await host.Client.RestAsync(HttpMethod.Post, "roles", new Dictionary<string, object>
        {
            ["name"] = "staff",
            ["ACL"] = new Dictionary<string, object> { ["*"] = new { read = true } },
            ["roles"] = new { __op = "AddRelation", objects = new[] { new { __type = "Pointer", className = "_Role", objectId = (string)role.Body["objectId"]! } } },
        }, master: true);
        Assert.Equal(HttpStatusCode.Created, parent.Status);
        var roles = await Html(console, "/console/data/_Role");
        Assert.Contains("Users: ada", roles);
        Assert.Contains("Roles: admins", roles);

        var lowId = (string)low.Body["objectId"]!;
        Assert.Equal(HttpStatusCode.Forbidden, (await console.PostAsync($"/console/data/GameScore/{lowId}/delete", csrf: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await console.PostAsync($"/console/data/GameScore/{lowId}/delete", console.Csrf)).StatusCode);
        (await host.Client.RestAsync(HttpMethod.Get, $"classes/GameScore/{lowId}", master: true)).AssertError(HttpStatusCode.NotFound, 101);

        var highId = (string)high.Body["objectId"]!;
        Assert.Contains("\"score\": 20", await Html(console, $"/console/data/GameScore/{highId}"));
        var saved = await console.PostAsync($"/console/data/GameScore/{highId}", console.Csrf,
            ("changes", "{\"score\":{\"__op\":\"Increment\",\"amount\":5},\"ACL\":{\"*\":{\"read\":true}}}"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = (await host.Client.RestAsync(HttpMethod.Get, $"classes/GameScore/{highId}")).Body;
        Assert.Equal(25, (int)after["score"]!);
        var refused = await console.PostAsync($"/console/data/GameScore/{highId}", console.Csrf, ("changes", "{\"score\":\"not a number\"}"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"edit-problem\"", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await console.PostAsync($"/console/data/GameScore/{highId}", csrf: null, ("changes", "{}"))).StatusCode);

        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host.ServerUrl, "/console/login").ToString());
        await page.FillAsync("#master-key", TestHost.MasterKey);
        await page.PressAsync("#master-key", "Enter");
        await page.WaitForURLAsync("**/console/users");
        await page.GotoAsync(new Uri(host.ServerUrl, "/console/data/GameScore").ToString());
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#object-count")).ToHaveTextAsync("1");
        await BrowserFixture.ScreenshotAsync(page, "console-data");
        await page.Locator($"#objects a").First.ClickAsync();
        await page.FillAsync("#changes", "{\"player\":\"edited\"}");
        await page.ClickAsync("#save");
        await Microsoft.Playwright.Assertions.Expect(page.Locator("#stored")).ToContainTextAsync("\"player\": \"edited\"");
        await BrowserFixture.ScreenshotAsync(page, "console-data-object");
    }

    [Fact]
    public async Task WhatTheCoreRefusesIsAPageWithTheApisStatusAndMessageNeverA500()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Console:Enabled"] = "true" });
        var console = await ConsoleClient.SignInAsync(host);
        var id = (string)(await host.Client.RestAsync(HttpMethod.Post, "classes/GameScore", new { score = 1 }, master: true)).Body["objectId"]!;

        async Task Refused(HttpResponseMessage response, HttpStatusCode status, string text)
        {
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
            Assert.Contains(text, body);
        }
        await Refused(await console.GetAsync("/console/users/nosuchuser"), HttpStatusCode.NotFound, "(101)");
        await Refused(await console.GetAsync("/console/data/NoSuchClass"), HttpStatusCode.BadRequest, "NoSuchClass");
        await Refused(await console.GetAsync("/console/data/GameScore/nosuchid"), HttpStatusCode.NotFound, "(101)");
        Assert.Equal(HttpStatusCode.Redirect, (await console.PostAsync($"/console/data/GameScore/{id}/delete", console.Csrf)).StatusCode);
        await Refused(await console.PostAsync($"/console/data/GameScore/{id}/delete", console.Csrf), HttpStatusCode.NotFound, "(101)");
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/data/GameScore")).StatusCode);
    }

    private static async Task<string> Html(ConsoleClient console, string path)
    {
        var response = await console.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }
}
