using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// Parse Server 9 (npm parse-server, installed by test.sh in tests/node) on a new database of the
/// test run's PostgreSQL, with the tutorial's cloud code: the reference the wire must match.
/// </summary>
public sealed partial class ParseServerProcess : IAsyncDisposable
{
    public const string AppId = "parse-app";
    public const string MasterKey = "parse-master-key";

    private readonly Process _process;

    private ParseServerProcess(Process process, Uri serverUrl, string databaseConnectionString)
    {
        _process = process;
        ServerUrl = serverUrl;
        DatabaseConnectionString = databaseConnectionString;
    }

    /// <summary>The Parse mount, e.g. http://127.0.0.1:41234/parse/.</summary>
    public Uri ServerUrl { get; }

    /// <summary>Its database, in Npgsql's form: what an import from a Parse Server database reads.</summary>
    public string DatabaseConnectionString { get; }

    public static async Task<ParseServerProcess> StartAsync()
    {
        var script = Path.Combine(Paths.RepositoryRoot, "tests", "node", "lib", "parse-server-main.js");
        if (!Directory.Exists(Path.Combine(Paths.RepositoryRoot, "tests", "node", "node_modules", "parse-server")))
            throw new InvalidOperationException("parse-server is not installed: run test.sh, or npm ci in tests/node.");
        var postgres = await PostgresServer.Shared;
        var connectionString = await postgres.CreateDatabaseAsync();
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Database;

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["PARSE_DATABASE_URI"] = $"postgres://postgres@127.0.0.1:{postgres.Port}/{database}";
        start.Environment["PARSE_APP_ID"] = AppId;
        start.Environment["PARSE_MASTER_KEY"] = MasterKey;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start node.");
        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (Listening().Match(e.Data) is { Success: true } match) listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"Parse Server exited:\n{output}"));
        return new ParseServerProcess(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(90)), connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Parse Server listening on (http://127\.0\.0\.1:\d+/parse)")]
    private static partial Regex Listening();
}
