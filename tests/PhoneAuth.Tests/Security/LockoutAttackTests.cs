using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// Keeping a number's owner out: an attacker who never receives the SMS, from one address, sends
/// wrong codes or asks for codes as fast as the limits let him, for a simulated hour, while the owner
/// (on another address) signs in every quarter hour and, when refused, every minute until it works.
/// The figure is how long the owner was kept out.
/// </summary>
public abstract class LockoutAttackTests(StorageEngine engine, ITestOutputHelper output)
{
    private const string OwnerIp = "198.51.100.7";
    private const string AttackerIp = "203.0.113.66";

    private static Dictionary<string, string> From(string ip) => new() { ["X-Forwarded-For"] = ip };

    private Task<TestHost> StartAsync(Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings["Network:KnownProxies:0"] = "127.0.0.1";
        return TestHost.StartAsync(settings, services: services, engine: engine);
    }

    private static string Guess() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

    private sealed record Hour(int KeptOutSeconds, int SignIns, int OwnerAttempts, int SmsToVictim);

    /// <summary>
    /// One simulated hour, minute by minute: the attacker's minute, then (when due) the owner asks for a
    /// code, the attacker acts again between that request and the owner typing the code, and the owner
    /// signs in with it. Kept out: from a refused attempt to the next sign-in that worked.
    /// </summary>
    private static async Task<Hour> SimulateHourAsync(TestHost host, string victim, Func<int, Task> attackerMinute, Func<Task> attackerWhileOwnerTypes)
    {
        int keptOut = 0, signIns = 0, attempts = 0;
        int? refusedSince = null;
        for (var minute = 0; minute < 60; minute++)
        {
            await attackerMinute(minute);
            if (minute % 15 == 0 || refusedSince is not null)
            {
                attempts++;
                var worked = false;
                var asked = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim }, headers: From(OwnerIp));
                if (asked.Status == HttpStatusCode.OK)
                {
                    var code = host.Outbox.LatestCode(victim);
                    await attackerWhileOwnerTypes();
                    var signIn = await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = victim, code }, headers: From(OwnerIp));
                    worked = signIn.Status == HttpStatusCode.OK;
                }
                if (worked)
                {
                    signIns++;
                    if (refusedSince is { } since) keptOut += (minute - since) * 60;
                    refusedSince = null;
                }
                else refusedSince ??= minute;
            }
            host.Time.Advance(TimeSpan.FromMinutes(1));
        }
        if (refusedSince is { } stillOut) keptOut += (60 - stillOut) * 60;
        return new Hour(keptOut, signIns, attempts, host.Outbox.CountTo(victim));
    }

    [Fact]
    public async Task WrongCodesFromOneAddressDoNotKeepTheOwnerOut()
    {
        // The per-IP cap on wrong codes would stop him after 100; lift it, so that only the rules per phone are tested.
        await using var host = await StartAsync(settings: new() { ["Limits:VerifyFailuresPerIpPerHour"] = "1000000" });
        var victim = Phones.NewMainland();
        var wrong = 0;
        async Task GuessAsync(int count)
        {
            for (var i = 0; i < count; i++, wrong++)
                await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = victim, code = Guess() }, headers: From(AttackerIp));
        }
        var hour = await SimulateHourAsync(host, victim, _ => GuessAsync(10), () => GuessAsync(10));

        Figures.Report(output, $"Attack: wrong codes for one number from one address for an hour, its owner on another ({engine})", [
            ("wrong codes sent by the attacker", wrong),
            ("  of which compared with one of the owner's codes", await host.Database.ScalarAsync("SELECT SUM(foreign_attempts) FROM verification_codes")),
            ("victim kept out (s of 3,600)", hour.KeptOutSeconds),
            ("owner's sign-ins that worked", $"{hour.SignIns} of {hour.OwnerAttempts} attempts"),
            ("SMS sent to the number", hour.SmsToVictim),
        ]);
        Assert.True(hour.KeptOutSeconds <= 180, $"the owner was kept out {hour.KeptOutSeconds} s");
        Assert.Equal(4, hour.SignIns);
    }

    [Fact]
    public async Task CodeRequestsFromOneAddressDoNotKeepTheOwnerOut()
    {
        await using var host = await StartAsync();
        var victim = Phones.NewMainland();
        var requests = 0;
        async Task RequestAsync()
        {
            requests++;
            await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim }, headers: From(AttackerIp));
        }
        // Every minute, except that on the owner's quarter hours he asks right after the owner, to replace the owner's code.
        var hour = await SimulateHourAsync(host, victim, minute => minute % 15 == 0 ? Task.CompletedTask : RequestAsync(), RequestAsync);

        Figures.Report(output, $"Attack: code requests for one number from one address for an hour, its owner on another ({engine})", [
            ("code requests by the attacker", requests),
            ("victim kept out (s of 3,600)", hour.KeptOutSeconds),
            ("owner's sign-ins that worked", $"{hour.SignIns} of {hour.OwnerAttempts} attempts"),
            ("SMS sent to the number", hour.SmsToVictim),
        ]);
        Assert.True(hour.KeptOutSeconds <= 180, $"the owner was kept out {hour.KeptOutSeconds} s");
        Assert.Equal(4, hour.SignIns);
        Assert.True(hour.SmsToVictim <= 10, $"{hour.SmsToVictim} SMS reached the number");
    }

    /// <summary>A captcha service in miniature: a token is good once.</summary>
    private sealed class OneTimeTokens : IChallengeVerifier
    {
        private readonly HashSet<string> _valid = ["owner-solved-it"];

        public Task<bool> VerifyAsync(string token, RequestContext caller, CancellationToken cancellationToken)
        {
            lock (_valid) return Task.FromResult(_valid.Remove(token));
        }
    }

    /// <summary>
    /// Many addresses can use up a number's daily codes (that cap protects it from SMS bombing), but then
    /// the owner still gets a code by passing the challenge.
    /// </summary>
    [Fact]
    public async Task FromManyAddressesTheNumbersCapHoldsAndTheOwnerPassesByChallenge()
    {
        await using var host = await StartAsync(s => s.AddSingleton<IChallengeVerifier, OneTimeTokens>());
        var victim = Phones.NewMainland();
        var answers = new List<WireResponse>();
        for (var i = 0; i < 50; i++)
            answers.Add(await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim }, headers: From($"192.0.2.{i + 1}")));
        var sent = host.Outbox.CountTo(victim);
        Assert.Equal(10, sent);
        Assert.All(answers.Skip(10), a => a.AssertError(HttpStatusCode.BadRequest, 608));

        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim }, headers: From(OwnerIp))).AssertError(HttpStatusCode.BadRequest, 608);
        Assert.Equal(HttpStatusCode.OK,
            (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim, challengeToken = "owner-solved-it" }, headers: From(OwnerIp))).Status);
        var signIn = await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = victim, code = host.Outbox.LatestCode(victim) }, headers: From(OwnerIp));
        Assert.Equal(HttpStatusCode.OK, signIn.Status);

        Figures.Report(output, $"Attack: 50 code requests for one number from 50 addresses, then its owner with a solved challenge ({engine})", [
            ("SMS sent to the number by the attackers", sent),
            ("refused with 608 (challenge required)", answers.Count(a => a.Code == 608)),
            ("owner's sign-in after the challenge", signIn.Status == HttpStatusCode.OK ? "works" : "refused"),
        ]);
    }

    /// <summary>Without a challenge verifier, the number's cap is a hard stop (601), so SMS bombing still ends there.</summary>
    [Fact]
    public async Task WithoutAChallengeTheNumbersCapIsAHardStop()
    {
        await using var host = await StartAsync();
        var victim = Phones.NewMainland();
        for (var i = 0; i < 12; i++)
            await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim }, headers: From($"192.0.2.{i + 1}"));
        Assert.Equal(10, host.Outbox.CountTo(victim));
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = victim }, headers: From(OwnerIp))).AssertError(HttpStatusCode.BadRequest, 601);
    }
}

public sealed class LockoutAttackTestsOnSqlite(ITestOutputHelper output) : LockoutAttackTests(StorageEngine.Sqlite, output);

public sealed class LockoutAttackTestsOnPostgres(ITestOutputHelper output) : LockoutAttackTests(StorageEngine.Postgres, output);
