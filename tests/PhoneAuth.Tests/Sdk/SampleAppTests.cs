using System.Diagnostics;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sdk;

/// <summary>The sample console app, run as a user would: typing a phone number and the code it received.</summary>
public sealed class SampleAppTests
{
    private static string SampleDll => Path.Combine(Paths.RepositoryRoot, "Sdk", "PhoneAuth.Sdk.Sample", "bin", Paths.Configuration, "net10.0", "PhoneAuth.Sdk.Sample.dll");

    [Fact]
    public async Task TheSampleSignsInThenWelcomesTheUserBackAndLogsOut()
    {
        await using var host = await TestHost.StartAsync();
        var state = Path.Combine(host.DataDirectory, "sample-state.json");
        var phone = Phones.NewMainland();

        var first = await RunAsync(host, state, async (input, output) =>
        {
            await WaitForAsync(output, "Phone number: ");
            await input.WriteLineAsync(phone[3..]); // typed the national way
            await WaitForAsync(output, "Code: ");
            await input.WriteLineAsync(host.Outbox.LatestCode(phone));
            await WaitForAsync(output, "Log out? [y/N] ");
            await input.WriteLineAsync("n");
        });
        Assert.Contains($"Signed in as {phone}", first);
        Assert.Contains($"Phone {phone} (verified: True)", first);

        var second = await RunAsync(host, state, async (input, output) =>
        {
            await WaitForAsync(output, "Log out? [y/N] ");
            await input.WriteLineAsync("y");
        });
        Assert.Contains($"Welcome back, {phone}.", second);
        Assert.Contains("Logged out", second);
    }

    private static async Task<string> RunAsync(TestHost host, string state, Func<StreamWriter, System.Text.StringBuilder, Task> converse)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { SampleDll, "--server", host.ServerUrl.ToString().TrimEnd('/'), "--app", TestHost.AppId, "--state", state })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[256];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0) lock (output) output.Append(buffer, 0, read);
        });
        await converse(process.StandardInput, output).WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await reading;
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync());
        return output.ToString();
    }

    private static async Task WaitForAsync(System.Text.StringBuilder output, string prompt)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (output) if (output.ToString().EndsWith(prompt, StringComparison.Ordinal)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No prompt '{prompt}' in:\n{output}");
            await Task.Delay(20);
        }
    }
}
