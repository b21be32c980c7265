using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.Server.Hosting;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// The real server (PhoneAuthApp.Build) on Kestrel at 127.0.0.1, port 0, with its own SQLite file
/// and dev outbox in a temporary folder, a manual clock, and captured logs. Environment
/// "Production" unless asked otherwise, so the tests run what production runs.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string AppId = "test-app";
    public const string MasterKey = "test-master-key";
    public const string CodeSecret = "test-code-secret";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private TestHost(WebApplication app, string dataDirectory, bool ownsDirectory, ManualTimeProvider time, CapturedLogs logs, Uri serverUrl, DatabaseProbe database)
    {
        Database = database;
        _app = app;
        _ownsDirectory = ownsDirectory;
        DataDirectory = dataDirectory;
        Time = time;
        Logs = logs;
        ServerUrl = serverUrl;
        Outbox = new Outbox(Path.Combine(dataDirectory, "outbox.jsonl"));
        Http = new HttpClient { BaseAddress = serverUrl };
        Client = new ParseClient(Http, AppId);
    }

    public string DataDirectory { get; }

    /// <summary>The host's database, read directly.</summary>
    public DatabaseProbe Database { get; }
    public ManualTimeProvider Time { get; }
    public CapturedLogs Logs { get; }
    public Outbox Outbox { get; }

    /// <summary>The Parse mount, e.g. http://127.0.0.1:41234/parse/.</summary>
    public Uri ServerUrl { get; }
    public HttpClient Http { get; }
    public ParseClient Client { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a host. Pass the <paramref name="dataDirectory"/> of a stopped host to restart on its database.</summary>
    public static async Task<TestHost> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null,
        string? dataDirectory = null,
        ManualTimeProvider? time = null,
        string environment = "Production",
        StorageEngine engine = StorageEngine.Sqlite,
        string? postgresConnectionString = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("phoneauth-test-").FullName;
        time ??= new ManualTimeProvider();
        var logs = new CapturedLogs();
        var connectionString = engine == StorageEngine.Sqlite
            ? $"Data Source={Path.Combine(dataDirectory, "phoneauth.db")}"
            : postgresConnectionString ?? await (await PostgresServer.Shared).CreateDatabaseAsync();

        var config = new Dictionary<string, string?>
        {
            ["Parse:AppId"] = AppId,
            ["Parse:MasterKey"] = MasterKey,
            ["PhoneAuth:CodeSecret"] = CodeSecret,
            ["Storage:Provider"] = engine == StorageEngine.Sqlite ? "sqlite" : "postgres",
            ["Storage:ConnectionString"] = connectionString,
            ["Sms:Provider"] = "dev",
            ["Sms:Dev:OutboxPath"] = Path.Combine(dataDirectory, "outbox.jsonl"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;

        var app = PhoneAuthApp.Build(["--environment", environment, "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(config);
            builder.Logging.AddProvider(logs);
            builder.Services.AddSingleton<TimeProvider>(time);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var address = app.Urls.Single();
        return new TestHost(app, dataDirectory, ownsDirectory, time, logs, new Uri(address + "/parse/"), new DatabaseProbe(engine, connectionString));
    }

    /// <summary>Stops the server but keeps its data, for a restart.</summary>
    public async Task StopAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); } catch (ObjectDisposedException) { }
        if (_ownsDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
