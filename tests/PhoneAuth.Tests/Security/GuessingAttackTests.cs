using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using PhoneAuth.Tests.Infrastructure;
using PhoneAuth.Tests.Production;
using Xunit.Abstractions;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// 10,000 code guesses against one phone, spread over three server processes on one PostgreSQL and
/// over as many client addresses (a botnet: per-IP caps do not help), must all fail, and at most two
/// of them may even be compared with the code: the rest of its tries belong to whoever asked for it.
/// </summary>
public sealed class GuessingAttackTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandGuessesOverThreeProcessesNeverSucceed()
    {
        var connectionString = await (await PostgresServer.Shared).CreateDatabaseAsync();
        var outbox = Path.Combine(Directory.CreateTempSubdirectory("phoneauth-attack-").FullName, "outbox.jsonl");
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = connectionString, ["Sms:Dev:OutboxPath"] = outbox,
            ["Network:KnownProxies:0"] = "127.0.0.1",
        };
        var servers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServerProcess.StartAsync(settings)));
        try
        {
            var victim = Phones.NewMainland();
            await servers[0].Client.RunAsync("requestSmsCode", new { phoneNumber = victim });
            var watch = Stopwatch.StartNew();
            var answers = new System.Collections.Concurrent.ConcurrentBag<WireResponse>();
            await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 48 }, async (i, _) =>
            {
                var guess = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
                var headers = new Dictionary<string, string> { ["X-Forwarded-For"] = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}" };
                answers.Add(await servers[i % 3].Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = victim, code = guess }, headers: headers));
            });
            watch.Stop();

            var successes = answers.Count(a => a.Status == HttpStatusCode.OK);
            var rejected = answers.Count(a => a.Code == 603);
            var database = new DatabaseProbe(StorageEngine.Postgres, connectionString);
            var compared = await database.ScalarAsync("SELECT SUM(attempts) FROM verification_codes");
            var dump = await database.DumpAsync();
            Figures.Report(output, "Attack: 10,000 code guesses against one phone, 3 server processes, 10,000 client addresses", [
                ("guesses", answers.Count),
                ("successes", successes),
                ("answered 603", rejected),
                ("  of which compared with the code (strangers get 2 of its 5 tries)", compared),
                ("  of which refused without a comparison", rejected - compared),
                ("users created", await database.CountAsync("users")),
                ("seconds", watch.Elapsed.TotalSeconds.ToString("F1")),
                ("guesses per second", (answers.Count / watch.Elapsed.TotalSeconds).ToString("F0")),
            ]);

            Assert.Equal(10_000, answers.Count);
            Assert.Equal(0, successes);
            Assert.Equal(10_000, rejected);
            // The guessers are strangers to the code: two of its five tries are theirs, the rest are kept for its owner.
            Assert.Equal(2, compared);
            Assert.Equal(0, await database.CountAsync("users"));
            Assert.DoesNotContain("users:", dump);
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
            Directory.Delete(Path.GetDirectoryName(outbox)!, recursive: true);
        }
    }
}
