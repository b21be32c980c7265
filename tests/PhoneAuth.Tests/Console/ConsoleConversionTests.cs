using System.Net;
using System.Text.RegularExpressions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>The conversion view's numbers: codes sent and verified per prefix, per country, and the budgets used.</summary>
public sealed partial class ConsoleConversionTests
{
    [Fact]
    public async Task AVerifiedCodeCountsInItsPrefixAndAnUnusedOneDoesNot()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Console:Enabled"] = "true" });
        // Both in prefix +86 1391 (the guard's default: four national digits for +86), the rest random.
        var verified = "+861391" + Random.Shared.Next(0, 10_000_000).ToString("D7");
        var unused = "+861391" + Random.Shared.Next(0, 10_000_000).ToString("D7");
        await PhoneFlow.SignInAsync(host, verified);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = unused });
        var console = await ConsoleClient.SignInAsync(host);

        var response = await console.GetAsync("/console/conversion");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        var row = PrefixRow().Match(html);
        Assert.True(row.Success, "no prefix row");
        Assert.Equal(("+86 1391", "2", "1"), (row.Groups["prefix"].Value, row.Groups["sent"].Value, row.Groups["verified"].Value));
        Assert.Contains("<span id=\"codes-total\">2</span>", html);
        Assert.Contains("<span id=\"series-sent\">2</span> / <span id=\"series-verified\">1</span>", html);
        Assert.Matches("<tr data-budget=\"\\+86\">.*?<td class=\"used\">2 / 1000</td>", Regex.Replace(html, "\\s+", " "));
    }

    [GeneratedRegex("<tr data-prefix=\"(?<prefix>[^\"]+)\">\\s*<td>[^<]*</td>\\s*<td class=\"sent\">(?<sent>\\d+)</td>\\s*<td class=\"verified\">(?<verified>\\d+)</td>")]
    private static partial Regex PrefixRow();
}
