using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// The built server (Server/bin/&lt;Configuration&gt;/net10.0/PhoneAuth.Server.dll) as a separate OS
/// process, for tests that need several processes on one database. Real time: no manual clock.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServerProcess(Process process, StringBuilder output, Uri serverUrl)
    {
        _process = process;
        _output = output;
        ServerUrl = serverUrl;
        Http = new HttpClient { BaseAddress = serverUrl };
        Client = new ParseClient(Http, TestHost.AppId);
    }

    public Uri ServerUrl { get; }
    public HttpClient Http { get; }
    public ParseClient Client { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>The server's OS process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Kills the server at once, as a crash or an OOM kill would: no shutdown runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public static async Task<ServerProcess> StartAsync(IDictionary<string, string?> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Paths.ServerDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Parse__AppId"] = TestHost.AppId;
        start.Environment["Parse__MasterKey"] = TestHost.MasterKey;
        start.Environment["PhoneAuth__CodeSecret"] = TestHost.CodeSecret;
        start.Environment["Sms__Provider"] = "dev";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the server.");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value + "/parse/"));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"The server exited with {process.ExitCode}:\n{output}"));
        process.EnableRaisingEvents = true;

        var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new ServerProcess(process, output, url);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}

/// <summary>Where the repository's build outputs are, for the configuration these tests were built in.</summary>
public static class Paths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Debug or Release: the folder above net10.0 in this test assembly's path.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string ServerDll => Path.Combine(RepositoryRoot, "Server", "bin", Configuration, "net10.0", "PhoneAuth.Server.dll");

    public static string TutorialCloudCodeDll => Path.Combine(RepositoryRoot, "tests", "PhoneAuth.TutorialCloudCode", "bin", Configuration, "net10.0", "PhoneAuth.TutorialCloudCode.dll");

    public static string SampleCloudCodeDll => Path.Combine(RepositoryRoot, "tests", "PhoneAuth.SampleCloudCode", "bin", Configuration, "net10.0", "PhoneAuth.SampleCloudCode.dll");

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "PhoneAuth.sln"))) folder = folder.Parent ?? throw new InvalidOperationException("PhoneAuth.sln not found above the tests.");
        return folder.FullName;
    }
}
