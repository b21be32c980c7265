using System.Net;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PhoneAuth.Tests.Security;

/// <summary>SMS pumping: a wave of sends to many numbers in one prefix is stopped by the budgets (the conversion guard's proof is its own).</summary>
public sealed class PumpingAttackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AWaveOfAThousandSendsFromAThousandAddressesStopsAtTheGlobalBudget()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:GlobalSendsPerHour"] = "100", ["Limits:SendsPerCountryPerHour"] = "100000", ["Network:KnownProxies:0"] = "127.0.0.1",
            // The budget's own test: the conversion guard, which stops this wave sooner, is off (see ConversionGuardSimulationTests).
            ["Limits:ConversionGuard:Action"] = "Off",
        });
        var answers = await SendWaveAsync(host, ip: i => $"172.16.{i / 256}.{i % 256}");

        var sent = host.Outbox.Messages.Count;
        Figures.Report(output, "Attack: SMS pumping, 1,000 sends to +86 170 0000 0000-0999 from 1,000 addresses (global budget 100/h, conversion guard off)", [
            ("requests", answers.Length),
            ("SMS sent", sent),
            ("refused with 601", answers.Count(a => a.Code == 601)),
            ("other answers", answers.Count(a => a.Status != HttpStatusCode.OK && a.Code != 601)),
        ]);
        Assert.Equal(100, sent);
        Assert.Equal(100, answers.Count(a => a.Status == HttpStatusCode.OK));
        Assert.Equal(900, answers.Count(a => a.Code == 601));
    }

    [Fact]
    public async Task AWaveFromOneAddressStopsAtThePerIpLimit()
    {
        await using var host = await TestHost.StartAsync();
        var answers = await SendWaveAsync(host, ip: null);
        Figures.Report(output, "Attack: SMS pumping, 1,000 sends to +86 170 0000 0000-0999 from one address (30/h per IP)", [
            ("requests", answers.Length),
            ("SMS sent", host.Outbox.Messages.Count),
            ("refused with 601", answers.Count(a => a.Code == 601)),
        ]);
        Assert.Equal(30, host.Outbox.Messages.Count);
        Assert.Equal(970, answers.Count(a => a.Code == 601));
    }

    [Fact]
    public async Task AWaveToAnotherCountryIsRefusedBeforeAnythingIsSent()
    {
        await using var host = await TestHost.StartAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            host.Client.CallAsync("requestSmsCode", new { phoneNumber = $"+88216{i:D6}" })));
        Figures.Report(output, "Attack: 200 sends to a premium-rate destination (+882 16…) with the default allow-list", [
            ("SMS sent", host.Outbox.Messages.Count),
            ("refused with 127", answers.Count(a => a.Code == 127)),
        ]);
        Assert.Empty(host.Outbox.Messages);
        Assert.All(answers, a => Assert.Equal(127, a.Code));
    }

    private static async Task<WireResponse[]> SendWaveAsync(TestHost host, Func<int, string>? ip)
    {
        var answers = new WireResponse[1000];
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var headers = ip is null ? null : new Dictionary<string, string> { ["X-Forwarded-For"] = ip(i) };
            answers[i] = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = $"+86170000{i:D5}" }, headers: headers);
        });
        return answers;
    }
}
