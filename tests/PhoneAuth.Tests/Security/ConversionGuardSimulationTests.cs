using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// The conversion guard's proof: three server processes on one PostgreSQL database serve a normal day (honest
/// users in 21 prefixes of +86, nine in ten of whom type their code in), into which a pumping wave is injected:
/// 400 codes asked for 400 numbers of +86 1700 from 400 addresses, almost none verified. The budgets are set
/// out of the way, so what stops the wave is the guard alone, with its default settings (50 codes in the hour,
/// 5x the usual level, under 30 % verified; no challenge verifier, so a guarded prefix is refused). The database
/// is new, so every prefix's usual level is zero and the 50 codes decide (the volume rule is proven in
/// <see cref="ConversionGuardTests"/>).
/// </summary>
public sealed class ConversionGuardSimulationTests(ITestOutputHelper output)
{
    private const int Workers = 8;
    private const int MinSends = 50;
    private const string WavePrefix = "+861700";

    private sealed record Outcome(bool Honest, string Prefix, HttpStatusCode Status, int Code, bool Verified, int Server, long CompletedAt);

    [Fact]
    public async Task APumpingWaveIntoOnePrefixIsCaughtOnThreeProcessesWhileHonestTrafficToTheOtherPrefixesLosesNothing()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var folder = Directory.CreateTempSubdirectory("phoneauth-guard-day-").FullName;
        // One outbox per process: the dev provider's appends are not atomic across processes.
        string OutboxOf(int server) => Path.Combine(folder, $"outbox-{server}.jsonl");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Network:KnownProxies:0"] = "127.0.0.1", // the test is every client's proxy: each client has its own address
            ["Limits:SendsPerCountryPerHour"] = "100000",
            ["Limits:GlobalSendsPerHour"] = "100000",
        };
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(server =>
            ServerProcess.StartAsync(new Dictionary<string, string?>(settings) { ["Sms:Dev:OutboxPath"] = OutboxOf(server) })));
        try
        {
            var outcomes = new ConcurrentBag<Outcome>();
            long completed = 0;
            var address = 0;

            async Task UserAsync(int i, bool honest)
            {
                // Honest users: 20 prefixes +86 1380…1399, and +86 1700 itself (every 20th); the wave: +86 1700 0xx xxxx.
                var phone = !honest ? $"{WavePrefix}0{i:D6}"
                    : i % 20 == 0 ? $"{WavePrefix}9{RandomNumberGenerator.GetInt32(1_000_000):D6}"
                    : $"+8613{8 + i / 10 % 2}{i % 10}{RandomNumberGenerator.GetInt32(10_000_000):D7}";
                var n = Interlocked.Increment(ref address);
                var headers = new Dictionary<string, string> { ["X-Forwarded-For"] = $"10.{(honest ? 1 : 2)}.{n / 256 % 256}.{n % 256}" };
                var server = i % 3;
                var asked = await servers[server].Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: headers);
                var verified = false;
                // Nine honest users in ten type their code in, on another process; one pumped number in fifty does.
                if (asked.Status == HttpStatusCode.OK && (honest ? i % 10 != 9 : i % 50 == 0))
                {
                    var code = await CodeAsync(OutboxOf(server), phone);
                    var signIn = await servers[(server + 1) % 3].Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }, headers: headers);
                    Assert.True(signIn.Status == HttpStatusCode.OK, signIn.Raw);
                    verified = true;
                }
                outcomes.Add(new Outcome(honest, phone[..7], asked.Status, asked.Code, verified, server, Interlocked.Increment(ref completed)));
            }

            // The morning: 160 honest users alone. Then the wave, interleaved with the day's other 240.
            var morning = Enumerable.Range(0, 160).Select(i => (I: i, Honest: true));
            var afternoon = Enumerable.Range(160, 240).Select(i => (I: i, Honest: true))
                .Concat(Enumerable.Range(0, 400).Select(i => (I: i, Honest: false)))
                .OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Parallel.ForEachAsync(morning, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (user, _) => await UserAsync(user.I, user.Honest));
            await Parallel.ForEachAsync(afternoon, new ParallelOptions { MaxDegreeOfParallelism = Workers }, async (user, _) => await UserAsync(user.I, user.Honest));
            clock.Stop();

            var wave = outcomes.Where(o => !o.Honest).ToList();
            var waveSent = wave.Where(o => o.Status == HttpStatusCode.OK).ToList();
            var waveRefused = wave.Where(o => o.Code == 601).ToList();
            Assert.True(waveRefused.Count > 0, "wave answers: " + string.Join(", ", wave.GroupBy(o => $"{(int)o.Status}/{o.Code}").Select(g => $"{g.Key} x{g.Count()}")));
            var firstRefusal = waveRefused.Min(o => o.CompletedAt);
            var honest = outcomes.Where(o => o.Honest).ToList();
            var honestElsewhere = honest.Where(o => o.Prefix != WavePrefix).ToList();
            var honestInWavePrefix = honest.Where(o => o.Prefix == WavePrefix).ToList();
            var status = await servers[0].Client.RestAsync(HttpMethod.Post, "functions/smsGuardStatus", new { }, master: true);
            var guarded = status.Body["result"]!["prefixes"]!.Where(p => (bool)p["guarded"]!).Select(p => (string)p["prefix"]!).ToList();

            Figures.Report(output, "Attack: a pumping wave into +86 1700 during a normal day, caught by the conversion guard (3 processes, PostgreSQL, default guard)", [
                ("honest users in 20 other prefixes of +86 (9 in 10 verify)", honestElsewhere.Count),
                ("  their codes sent / refused", $"{honestElsewhere.Count(o => o.Status == HttpStatusCode.OK)} / {honestElsewhere.Count(o => o.Status != HttpStatusCode.OK)}"),
                ("honest users in +86 1700 itself: sent / refused", $"{honestInWavePrefix.Count(o => o.Status == HttpStatusCode.OK)} / {honestInWavePrefix.Count(o => o.Status != HttpStatusCode.OK)}"),
                ("wave requests (400 numbers, 400 addresses)", wave.Count),
                ("wave sends before the guard reacted", waveSent.Count(o => o.CompletedAt < firstRefusal)),
                ("SMS spent on the wave (with requests in flight)", waveSent.Count),
                ("wave requests refused (601), by process", string.Join(" + ", Enumerable.Range(0, 3).Select(s => waveRefused.Count(o => o.Server == s)))),
                ("wave codes verified", wave.Count(o => o.Verified)),
                ("honest sends refused, in all", honest.Count(o => o.Status != HttpStatusCode.OK)),
                ("prefixes guarded at the end", string.Join(", ", guarded)),
                ("simulated day (requests, 8 at a time)", $"{clock.Elapsed.TotalSeconds:F1} s"),
            ]);

            // Honest traffic to the country's other prefixes loses nothing.
            Assert.All(honestElsewhere, o => Assert.Equal(HttpStatusCode.OK, o.Status));
            Assert.Equal(new[] { "+86 1700" }, guarded);
            // Caught within the guard's 50 codes (honest ones of the prefix count too) plus what was in flight.
            Assert.InRange(waveSent.Count, 1, MinSends + Workers);
            Assert.Equal(wave.Count - waveSent.Count, waveRefused.Count);
            // Every process refuses: they judge the prefix from the same rows.
            Assert.All(Enumerable.Range(0, 3), s => Assert.Contains(waveRefused, o => o.Server == s));
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The code of the newest SMS to <paramref name="phone"/>, read while other processes append to the outbox.</summary>
    private static async Task<string> CodeAsync(string outboxPath, string phone)
    {
        var needle = $"\"to\":\"{phone}\"";
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using (var stream = new FileStream(outboxPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream))
            {
                var lines = (await reader.ReadToEndAsync()).Split('\n');
                var line = lines.LastOrDefault(l => l.Contains(needle, StringComparison.Ordinal) && l.EndsWith('}'));
                if (line is not null && (string?)JObject.Parse(line)["code"] is { } code) return code;
            }
            await Task.Delay(20);
        }
        throw new Xunit.Sdk.XunitException($"No SMS to {phone} in the outbox.");
    }
}
