using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from the installed server binaries, as Mongo2Go does for MongoDB:
/// initdb into a temporary folder, a free loopback port, removed when disposed. As root (CI), the
/// binaries run as the "postgres" user, because initdb and pg_ctl refuse root. If it cannot start,
/// the tests that need it fail: they never skip.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(async () =>
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    private readonly string _bin;
    private readonly string _folder;
    private bool _disposed;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }
    private string DataDirectory => Path.Combine(_folder, "data");

    /// <summary>One cluster for the whole test run; each test class makes its own database in it.</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5;Command Timeout=30";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public static async Task<PostgresServer> StartAsync()
    {
        RemoveLeftovers();
        var bin = FindBinaries();
        var folder = Directory.CreateTempSubdirectory("phoneauth-pg-").FullName;
        if (IsRoot) await RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgres: false);
        var server = new PostgresServer(bin, folder, FreePort());
        await server.RunPgAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the cluster (again, after <see cref="StopAsync"/>) on the same port and data.</summary>
    public Task StartAgainAsync() => RunPgAsync("pg_ctl", [
        "-D", DataDirectory, "-l", Path.Combine(_folder, "postgres.log"), "-w", "-t", "60",
        "-o", $"-p {Port} -k {_folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400",
        "start",
    ]);

    /// <summary>Stops the cluster as a crash would (immediate mode): clients see their connections die.</summary>
    public Task StopAsync() => RunPgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        NpgsqlConnection.ClearAllPools();
        try { await RunPgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]); } catch (InvalidOperationException) { }
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// Deletes clusters of earlier runs whose server is gone: the test host may be stopped before its
    /// exit handler has removed its folder.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "phoneauth-pg-*"))
        {
            if (File.Exists(Path.Combine(folder, "data", "postmaster.pid")) || Directory.GetLastWriteTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-1)) continue;
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private Task RunPgAsync(string tool, string[] args) => RunAsync(Path.Combine(_bin, tool), args, asPostgres: IsRoot);

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asPostgres) foreach (var arg in new[] { "-u", "postgres", "--", file }) start.ArgumentList.Add(arg);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    /// <summary>PHONEAUTH_PG_BIN, else the newest /usr/lib/postgresql/*/bin (Debian's layout).</summary>
    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("PHONEAUTH_PG_BIN") is { Length: > 0 } configured) return configured;
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found (Debian: apt-get install postgresql). Set PHONEAUTH_PG_BIN to their folder.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
