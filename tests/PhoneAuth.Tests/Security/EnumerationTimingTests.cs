using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Security;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// No account enumeration through timing: each pair of requests, one about an existing account and
/// one about none, gets the same answer in the same time. Measured alone, after the parallel tests,
/// interleaved so that drift in the machine's speed hits both sides alike.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class EnumerationTimingTests(ITestOutputHelper output)
{
    private const int Rounds = 25;

    private static Task<TestHost> StartAsync() => TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Limits:SendsPerIpPerHour"] = "100000", ["Limits:VerifyFailuresPerIpPerHour"] = "100000", ["Users:AccountLockout:Threshold"] = "0",
    });

    private static async Task<List<string>> ExistingPhonesAsync(TestHost host, int count)
    {
        var phones = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var phone = Phones.NewMainland();
            await PhoneFlow.SignInAsync(host, phone);
            phones.Add(phone);
        }
        host.Time.Advance(TimeSpan.FromMinutes(1));
        return phones;
    }

    private static async Task<(double Existing, double Absent, string ExistingAnswer, string AbsentAnswer)> CompareAsync(
        Func<int, Task<WireResponse>> existing, Func<int, Task<WireResponse>> absent)
    {
        var (a, b) = (new List<double>(), new List<double>());
        string? answerA = null, answerB = null;
        for (var i = -2; i < Rounds; i++) // two warm-up rounds
        {
            // Each side goes first in every other pair, so that an order effect (a warm cache, a
            // connection just used) falls on both alike.
            WireResponse x, y;
            double tx, ty;
            if (i % 2 == 0)
            {
                (x, tx) = await TimeAsync(() => existing(i + 2));
                (y, ty) = await TimeAsync(() => absent(i + 2));
            }
            else
            {
                (y, ty) = await TimeAsync(() => absent(i + 2));
                (x, tx) = await TimeAsync(() => existing(i + 2));
            }
            if (i < 0) continue;
            (answerA, answerB) = ($"{(int)x.Status} {x.Raw}", $"{(int)y.Status} {y.Raw}");
            a.Add(tx);
            b.Add(ty);
        }
        return (Median(a), Median(b), answerA!, answerB!);
    }

    private static async Task<(WireResponse Response, double Milliseconds)> TimeAsync(Func<Task<WireResponse>> call)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        return (response, watch.Elapsed.TotalMilliseconds);
    }

    [Fact]
    public async Task RequestingACodeTakesTheSameForAnExistingAccountAndForNone()
    {
        await using var host = await StartAsync();
        var existing = await ExistingPhonesAsync(host, Rounds + 2);
        var (a, b, answerA, answerB) = await CompareAsync(
            i => host.Client.CallAsync("requestSmsCode", new { phoneNumber = existing[i] }),
            _ => host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() }));
        Report("requestSmsCode", a, b);
        Assert.Equal(answerA, answerB);
        Assert.InRange(b / a, 0.75, 1.33);
    }

    [Fact]
    public async Task AWrongCodeTakesTheSameForAnExistingAccountAndForNone()
    {
        await using var host = await StartAsync();
        var existing = await ExistingPhonesAsync(host, Rounds + 2);
        var absent = new List<string>();
        foreach (var phone in existing) await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        for (var i = 0; i < Rounds + 2; i++)
        {
            absent.Add(Phones.NewMainland());
            await host.Client.RunAsync("requestSmsCode", new { phoneNumber = absent[^1] });
        }
        string Wrong(string phone) => host.Outbox.LatestCode(phone) == "000000" ? "111111" : "000000";
        var (a, b, answerA, answerB) = await CompareAsync(
            i => host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = existing[i], code = Wrong(existing[i]) }),
            i => host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = absent[i], code = Wrong(absent[i]) }));
        Report("signUpOrlogInWithMobilePhone, wrong code", a, b);
        Assert.Equal(answerA, answerB);
        Assert.InRange(b / a, 0.75, 1.33);
    }

    [Fact]
    public async Task ALoginWithAWrongPasswordTakesTheSameAsOneForAnUnknownUser()
    {
        await using var host = await StartAsync();
        await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "timed", password = "right" });
        var (a, b, answerA, answerB) = await CompareAsync(
            _ => host.Client.RestAsync(HttpMethod.Post, "login", new { username = "timed", password = "wrong" }),
            _ => host.Client.RestAsync(HttpMethod.Post, "login", new { username = "nobody-at-all", password = "wrong" }));
        Report("login, wrong password vs unknown user", a, b);
        Assert.Equal(answerA, answerB);
        Assert.InRange(b / a, 0.75, 1.33);
        Assert.Equal($"{(int)HttpStatusCode.NotFound} {{\"code\":101,\"error\":\"Invalid username/password.\"}}", answerA);
    }

    [Fact]
    public async Task AFailedLoginTakesTheSameWhateverKindOfHashTheAccountHas()
    {
        await using var host = await StartAsync();
        await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "current", password = "right" });
        var store = host.Services.GetRequiredService<IUserStore>();
        var now = host.Time.GetUtcNow();
        foreach (var (id, name, hash) in new[]
        {
            ("leanCloud1", "leancloud", LeanCloudPasswordHash.Format("salt", LeanCloudPasswordHash.Compute("salt", "right"))),
            ("bcrypt0001", "bcrypt", BCrypt.Net.BCrypt.HashPassword("right", 10)), // Parse Server's cost
        })
            await store.CreateAsync(new UserRecord { Id = id, Username = name, PasswordHash = hash, CreatedAt = now, UpdatedAt = now, Version = 1 }, CancellationToken.None);

        string[] kinds = ["unknown user", "current hash", "LeanCloud hash", "bcrypt hash"];
        string[] usernames = ["nobody-at-all", "current", "leancloud", "bcrypt"];
        var times = kinds.Select(_ => new List<double>()).ToArray();
        var answers = new string[kinds.Length];
        const int rounds = 16;
        for (var i = -1; i < rounds; i++) // a warm-up round
        {
            // Each kind goes first, second, third and last equally often.
            for (var k = 0; k < kinds.Length; k++)
            {
                var kind = (k + i + 1) % kinds.Length;
                var (response, ms) = await TimeAsync(() => host.Client.RestAsync(HttpMethod.Post, "login", new { username = usernames[kind], password = "wrong" }));
                if (i < 0) continue;
                times[kind].Add(ms);
                answers[kind] = $"{(int)response.Status} {response.Raw}";
            }
        }

        var medians = times.Select(Median).ToArray();
        Figures.Report(output, $"Attack: which kind of password hash an account has, through the time of a failed login ({rounds} rotating rounds)",
            [.. kinds.Select((kind, k) => ($"median ms, {kind}", (object)medians[k].ToString("F2"))),
             .. kinds.Skip(1).Select((kind, k) => ($"ratio, {kind} / unknown user", (object)(medians[k + 1] / medians[0]).ToString("F2")))]);
        Assert.All(answers, answer => Assert.Equal($"{(int)HttpStatusCode.NotFound} {{\"code\":101,\"error\":\"Invalid username/password.\"}}", answer));
        // Unpadded, a LeanCloud hash fails in about 2 ms, the current hash and an unknown user in about 60,
        // bcrypt at cost 10 in about 70 (ratios 0.03, 1.0, 1.2). Padded, each takes a bcrypt check at the
        // highest cost (about 300 ms), and what differs is a few milliseconds of work before it.
        for (var k = 1; k < kinds.Length; k++) Assert.InRange(medians[k] / medians[0], 0.9, 1.11);
    }

    private void Report(string what, double existing, double absent) =>
        Figures.Report(output, $"Attack: account enumeration through timing, {what} ({Rounds} interleaved pairs)", [
            ("median ms, existing account", existing.ToString("F2")),
            ("median ms, no account", absent.ToString("F2")),
            ("ratio", (absent / existing).ToString("F2")),
        ]);

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
