using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// The conversion guard on one host with a manual clock: a prefix whose codes go unverified while its
/// volume is well above its usual level is guarded, alone; a solved challenge gets through; recovered
/// conversion, the sliding window and an operator's clear each end it.
/// </summary>
public sealed class ConversionGuardTests
{
    private const string WavePrefix = "+86170";

    /// <summary>Budgets out of the way, and every client its own address (the test is its proxy).</summary>
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Limits:GlobalSendsPerHour"] = "100000", ["Limits:SendsPerCountryPerHour"] = "100000", ["Network:KnownProxies:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static int _address;

    private static Dictionary<string, string> NewAddress()
    {
        var n = Interlocked.Increment(ref _address);
        return new() { ["X-Forwarded-For"] = $"10.{n / 65536 % 256}.{n / 256 % 256}.{n % 256}" };
    }

    private static string WaveNumber(int i) => $"{WavePrefix}0{i:D7}";

    private static Task<WireResponse> RequestAsync(TestHost host, string phone, string? challengeToken = null) =>
        host.Client.CallAsync("requestSmsCode", challengeToken is null ? new { phoneNumber = phone } : new { phoneNumber = phone, challengeToken }, headers: NewAddress());

    private static async Task<WireResponse[]> WaveAsync(TestHost host, int count, int from = 0)
    {
        var answers = new List<WireResponse>();
        for (var i = from; i < from + count; i++) answers.Add(await RequestAsync(host, WaveNumber(i)));
        return [.. answers];
    }

    [Fact]
    public async Task AWaveIntoOnePrefixIsRefusedAfterFiftyCodesWhileTheCountrysOtherPrefixesAreServed()
    {
        await using var host = await TestHost.StartAsync(Settings());
        var wave = await WaveAsync(host, 80);

        Assert.All(wave[..50], a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.All(wave[50..], a => a.AssertError(HttpStatusCode.BadRequest, 601, "Too many codes have been sent. Try again in 60 seconds."));
        Assert.Equal("60", wave[^1].Headers.RetryAfter?.ToString());
        Assert.Equal(50, host.Outbox.Messages.Count);
        // Another prefix of the same country, and another country's, are untouched.
        foreach (var phone in new[] { Phones.NewMainland(), "+8615012345678" })
            Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, phone)).Status);

        Assert.Contains("Code to a guarded prefix of +86: refused (50 sent in the window, 0 verified", host.Logs.All);
        // Not the prefix: beside another line's last four digits it would give most of the number away.
        Assert.DoesNotContain("+86 1700", host.Logs.All);
        Assert.DoesNotContain(WaveNumber(60), host.Logs.All);
        var status = await host.Client.RestAsync(HttpMethod.Post, "functions/smsGuardStatus", new { }, master: true);
        Assert.Equal("""[{"prefix":"+86 1700","guarded":true,"sent":50,"verified":0,"conversion":0,"usual":0}]""",
            status.Body["result"]!["prefixes"]!.ToString(Newtonsoft.Json.Formatting.None));
    }

    [Fact]
    public async Task WithAVerifierAGuardedPrefixAsksForAChallengeAndASolvedOneSends()
    {
        await using var host = await TestHost.StartAsync(Settings(), services: s => s.AddSingleton<IChallengeVerifier, SolvedTokens>());
        await WaveAsync(host, 50);

        (await RequestAsync(host, WaveNumber(50))).AssertError(HttpStatusCode.BadRequest, 608);
        (await RequestAsync(host, WaveNumber(51), challengeToken: "forged")).AssertError(HttpStatusCode.BadRequest, 608);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, WaveNumber(52), challengeToken: "solved")).Status);
        // The master key (a server asking for its users) passes challenges, as everywhere.
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "functions/requestSmsCode", new { phoneNumber = WaveNumber(53) }, master: true)).Status);
        Assert.Equal(52, host.Outbox.Messages.Count);
        Assert.Contains("challenge_passed", host.Logs.All);
    }

    [Fact]
    public async Task WithActionRefuseAGuardedPrefixIsRefusedEvenWithASolvedChallenge()
    {
        await using var host = await TestHost.StartAsync(Settings(("Limits:ConversionGuard:Action", "Refuse")), services: s => s.AddSingleton<IChallengeVerifier, SolvedTokens>());
        await WaveAsync(host, 50);
        (await RequestAsync(host, WaveNumber(50), challengeToken: "solved")).AssertError(HttpStatusCode.BadRequest, 601);
    }

    [Fact]
    public async Task WithActionOffNothingIsCountedOrGuarded()
    {
        await using var host = await TestHost.StartAsync(Settings(("Limits:ConversionGuard:Action", "Off")));
        Assert.All(await WaveAsync(host, 60), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Equal(0L, await host.Database.ScalarAsync("SELECT COUNT(*) FROM conversion_buckets"));
    }

    [Fact]
    public async Task TheGuardLetsGoWhenConversionRecoversAndWhenTheWindowHasSlidPast()
    {
        await using var host = await TestHost.StartAsync(Settings());
        await WaveAsync(host, 50);
        Assert.Equal(601, (await RequestAsync(host, WaveNumber(50))).Code);

        // Fifteen of the fifty users type their codes in: 30 % verified, the guard lets go.
        for (var i = 0; i < 15; i++)
        {
            var phone = WaveNumber(i);
            var answer = await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = host.Outbox.LatestCode(phone) });
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, WaveNumber(51))).Status);

        // One more code tips it below 30 % again; an hour and two minutes later the window has slid past them all.
        await WaveAsync(host, 40, from: 100);
        Assert.Equal(601, (await RequestAsync(host, WaveNumber(200))).Code);
        host.Time.Advance(TimeSpan.FromMinutes(62));
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, WaveNumber(201))).Status);
    }

    [Fact]
    public async Task ASentAndAUsedCodeAreCountedEvenWhenTheSignInFailsAfterTheCode()
    {
        await using var host = await TestHost.StartAsync(Settings());
        async Task<(int Sent, int Verified)> StatusAsync()
        {
            var status = await host.Client.RestAsync(HttpMethod.Post, "functions/smsGuardStatus", new { prefix = "+86 1700" }, master: true);
            Assert.True(status.Status == HttpStatusCode.OK, status.Body.ToString());
            var prefix = status.Body["result"]!["prefixes"]![0]!;
            return ((int)prefix["sent"]!, (int)prefix["verified"]!);
        }

        // A signed-up user's code: counted sent, then verified with the session (written in one batch).
        var phone = WaveNumber(1);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, phone)).Status);
        Assert.Equal((1, 0), await StatusAsync());
        var signedIn = await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = host.Outbox.LatestCode(phone) });
        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
        Assert.Equal((1, 1), await StatusAsync());

        // logInWithMobilePhone for a number without an account: the code is used, then 213. It still counts as verified.
        var stranger = WaveNumber(2);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, stranger)).Status);
        var refused = await host.Client.CallAsync("logInWithMobilePhone", new { phoneNumber = stranger, code = host.Outbox.LatestCode(stranger) });
        Assert.Equal(213, refused.Code);
        Assert.Equal((2, 2), await StatusAsync());
    }

    [Fact]
    public async Task AnOperatorClearsAPrefixWithTheMasterKey()
    {
        await using var host = await TestHost.StartAsync(Settings());
        await WaveAsync(host, 50);
        Assert.Equal(601, (await RequestAsync(host, WaveNumber(50))).Code);

        Assert.NotEqual(HttpStatusCode.OK, (await host.Client.CallAsync("clearSmsGuard", new { prefix = "+86 1700" })).Status);
        Assert.Equal(142, (await host.Client.RestAsync(HttpMethod.Post, "functions/clearSmsGuard", new { prefix = "+86 170" }, master: true)).Code);
        var cleared = await host.Client.RestAsync(HttpMethod.Post, "functions/clearSmsGuard", new { prefix = "+86 1700" }, master: true);
        Assert.Equal(HttpStatusCode.OK, cleared.Status);
        Assert.False((bool)cleared.Body["result"]!["guarded"]!);
        Assert.Contains("Conversion guard of prefix +86 1700 cleared by an operator", host.Logs.All);

        // What it was sent before the clear no longer counts (from the next minute's bucket on).
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.All(await WaveAsync(host, 49, from: 100), a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }

    [Fact]
    public async Task ABusyPrefixAtItsUsualLevelIsNotGuardedButAWaveFiveTimesAboveItIs()
    {
        await using var host = await TestHost.StartAsync(Settings(("Limits:ConversionGuard:Baseline", "1.00:00:00")));
        // A day in which +86 1700 had 12 codes an hour, none of them verified (a poorly delivering range).
        var store = host.Services.GetRequiredService<IConversionStore>();
        var windows = new ConversionWindows(TimeSpan.FromHours(1), TimeSpan.FromDays(1));
        var now = host.Time.GetUtcNow();
        for (var hour = 2; hour <= 25; hour++)
        {
            await Task.WhenAll(Enumerable.Range(0, 12).Select(i => store.CountSentAsync("+86 1700", now.AddHours(-hour), windows, CancellationToken.None)));
        }

        // This hour: 60 codes, none verified yet: five times its usual 12, not more. Then one more.
        Assert.All(await WaveAsync(host, 61), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        (await RequestAsync(host, WaveNumber(61))).AssertError(HttpStatusCode.BadRequest, 601);
        var status = await host.Client.RestAsync(HttpMethod.Post, "functions/smsGuardStatus", new { prefix = "+86 1700" }, master: true);
        Assert.Equal(12.0, (double)status.Body["result"]!["prefixes"]![0]!["usual"]!);
    }

    [Theory]
    [InlineData("01:30:00")]
    [InlineData("00:30:00")]
    [InlineData("8.00:00:00")]
    public async Task ABaselineOfOtherThanWholeWindowsStopsTheStart(string baseline)
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            TestHost.StartAsync(Settings(("Limits:ConversionGuard:Baseline", baseline))));
        Assert.Contains("Limits:ConversionGuard:Baseline must be a whole number of windows", error.Message);
    }

    /// <summary>A captcha in miniature: "solved" passes, anything else fails.</summary>
    private sealed class SolvedTokens : IChallengeVerifier
    {
        public Task<bool> VerifyAsync(string token, RequestContext caller, CancellationToken cancellationToken) => Task.FromResult(token == "solved");
    }
}
