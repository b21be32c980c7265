using System.Diagnostics;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Production;

/// <summary>Outside Development the built server refuses to start without its secrets, and says which one is missing.</summary>
public sealed class StartupSecretsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("phoneauth-startup-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(null, "secret", "Parse:MasterKey is not set (environment variable Parse__MasterKey)")]
    [InlineData("master", null, "PhoneAuth:CodeSecret is not set (environment variable PhoneAuth__CodeSecret)")]
    public async Task WithoutAMasterKeyOrACodeSecretProductionRefusesToStartNamingIt(string? masterKey, string? codeSecret, string message)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Paths.ServerDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Storage__ConnectionString"] = "Data Source=" + Path.Combine(_folder, "phoneauth.db");
        start.Environment["Parse__MasterKey"] = masterKey;
        start.Environment["PhoneAuth__CodeSecret"] = codeSecret;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the server.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1, process.ExitCode);
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"PhoneAuth cannot start: {message}. It is required outside Development.", lines[^1].TrimEnd());
        Assert.DoesNotContain("Now listening", await output);
    }
}
