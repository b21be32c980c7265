using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// Runs a data scenario of tests/node/scenarios (the official Parse JS SDK making app-data calls) once
/// per target, Parse Server 9 or PhoneAuth on an engine, and shares what it saw among the facts that
/// assert on it: each fact reads as one sentence without starting a server and the script per fact.
/// </summary>
public static class DataScenario
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<JObject>>> Runs = new();

    /// <summary>The script against Parse Server 9 on a throwaway PostgreSQL database: the reference.</summary>
    public static Task<JObject> OnParseServer9Async(string script) => Once($"{script} on Parse Server 9", async () =>
    {
        await using var parse = await ParseServerProcess.StartAsync();
        return await NodeSdkScenario.RunAsync(script, NodeSdkScenario.ServerUrlOf(parse.ServerUrl), ParseServerProcess.AppId, ParseServerProcess.MasterKey);
    });

    /// <summary>
    /// The script against PhoneAuth on a fresh database of <paramref name="engine"/>. The host's clock is
    /// the test's, so it is moved along as real time would (twice as fast), or every object of a script
    /// would have the same createdAt and order by it would mean nothing.
    /// </summary>
    public static Task<JObject> OnPhoneAuthAsync(string script, StorageEngine engine) => Once($"{script} on PhoneAuth ({engine})", async () =>
    {
        await using var host = await TestHost.StartAsync(engine: engine);
        using var stop = new CancellationTokenSource();
        var ticking = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                host.Time.Advance(TimeSpan.FromMilliseconds(10));
                await Task.Delay(5);
            }
        });
        try
        {
            return await NodeSdkScenario.RunAsync(script, NodeSdkScenario.ServerUrlOf(host.ServerUrl), TestHost.AppId, TestHost.MasterKey);
        }
        finally
        {
            await stop.CancelAsync();
            await ticking;
        }
    });

    private static Task<JObject> Once(string key, Func<Task<JObject>> run) =>
        Runs.GetOrAdd(key, _ => new Lazy<Task<JObject>>(run)).Value;
}
