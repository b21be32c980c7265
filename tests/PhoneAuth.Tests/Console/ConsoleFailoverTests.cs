using System.Net;
using System.Text.RegularExpressions;
using PhoneAuth.Tests.Infrastructure;
using PhoneAuth.Tests.Sms;

namespace PhoneAuth.Tests.Console;

/// <summary>A failover in the console: the failed attempt is marked, each provider's rate is its own, and the code counts once.</summary>
public sealed class ConsoleFailoverTests : AliyunThenTencent
{
    [Fact]
    public async Task AFailedOverSendIsMarkedAndCountsOnceAsACode()
    {
        var settings = FailoverSettings();
        settings["Console:Enabled"] = "true";
        await using var host = await TestHost.StartAsync(settings);
        Aliyun.Forced = "0500";
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() })).Status);
        var console = await ConsoleClient.SignInAsync(host);

        var sends = Flat(await (await console.GetAsync("/console/sms")).Content.ReadAsStringAsync());
        Assert.Contains("<span id=\"sends-total\">2</span>", sends);
        Assert.Matches("<tr data-provider=\"aliyun\"><td>aliyun</td><td class=\"attempts\">1</td><td>0 %</td>", sends);
        Assert.Matches("<tr data-provider=\"tencent\"><td>tencent</td><td class=\"attempts\">1</td><td>100 %</td>", sends);
        Assert.Matches("<td>aliyun</td><td class=\"bad\">failed isv.AMOUNT_NOT_ENOUGH</td><td>\\d+ ms</td><td>failed over</td>", sends);
        Assert.Single(Regex.Matches(sends, "failed over</td>"));

        var conversion = Flat(await (await console.GetAsync("/console/conversion")).Content.ReadAsStringAsync());
        Assert.Contains("<span id=\"codes-total\">1</span>", conversion);
    }

    /// <summary>The page with the white space between its tags removed.</summary>
    private static string Flat(string html) => Regex.Replace(WebUtility.HtmlDecode(html), ">\\s+<", "><");
}
