using System.Collections.Concurrent;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// Runs a LeanCloud scenario of tests/node/scenarios (the official leancloud-storage SDK making its own
/// calls at /1.1) once per engine, against PhoneAuth with the LeanCloud dialect on, and shares what it
/// saw among the facts that assert on it, as <see cref="DataScenario"/> does for the Parse SDK.
/// </summary>
public static class LeanCloudScenario
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<JObject>>> Runs = new();

    /// <summary>
    /// The script against PhoneAuth on a fresh database of <paramref name="engine"/>. The host's clock
    /// follows real time (never ahead of it, so the SDK's signed timestamps stay within the allowed
    /// skew), or every object of a script would have the same createdAt.
    /// </summary>
    public static Task<JObject> OnPhoneAuthAsync(string script, StorageEngine engine) =>
        Runs.GetOrAdd($"{script} on PhoneAuth ({engine})", _ => new Lazy<Task<JObject>>(async () =>
        {
            await using var host = await TestHost.StartAsync(LeanCloudClient.Settings(), engine: engine);
            using var stop = new CancellationTokenSource();
            var ticking = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    host.Time.Advance(TimeSpan.FromMilliseconds(5));
                    await Task.Delay(5);
                }
            });
            try
            {
                var root = new Uri(host.ServerUrl, "/").ToString().TrimEnd('/');
                return await NodeSdkScenario.RunAsync(script, root, LeanCloudClient.AppId, LeanCloudClient.AppKey, LeanCloudClient.MasterKey, host.Outbox.Path);
            }
            finally
            {
                await stop.CancelAsync();
                await ticking;
            }
        })).Value;
}
