using System.Diagnostics;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>Runs the import command of the built server as an operator would, against a host's database.</summary>
public static class ImportRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(TestHost host, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Paths.ServerDll);
        start.ArgumentList.Add("import");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        // Production, and no key or secret: the import needs only the database's settings.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Storage__Provider"] = host.Database.Engine == StorageEngine.Sqlite ? "sqlite" : "postgres";
        start.Environment["Storage__ConnectionString"] = host.Database.ConnectionString;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the import.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await output + await error);
    }
}
