using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// Runs a script of tests/node/scenarios — the official JS SDKs (npm parse, leancloud-storage) making
/// their own calls — against a server, and returns the JSON it prints. So the SDKs run against this
/// server on either storage engine, and against Parse Server 9 for reference, from one test.
/// </summary>
public static class NodeSdkScenario
{
    public static async Task<JObject> RunAsync(string script, params string[] arguments)
    {
        var path = Path.Combine(Paths.RepositoryRoot, "tests", "node", "scenarios", script);
        if (!Directory.Exists(Path.Combine(Paths.RepositoryRoot, "tests", "node", "node_modules", "parse")))
            throw new InvalidOperationException("The Node test packages are not installed: run test.sh, or npm ci in tests/node.");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{script} failed ({process.ExitCode}):\n{await errors}\n{await output}");
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return JObject.Parse(lines[^1]);
    }

    /// <summary>The Parse SDK's server URL for a host: its mount without the trailing slash.</summary>
    public static string ServerUrlOf(Uri mount) => mount.ToString().TrimEnd('/');
}
