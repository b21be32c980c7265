using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage.SQLite;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Jobs;
using PhoneAuth.Server.Storage;
using PhoneAuth.Server.Storage.Sql;
using PhoneAuth.Server.Storage.Sqlite;

namespace PhoneAuth.Server.Jobs;

/// <summary>
/// This host's Hangfire: its storage on the configured engine, its filters (the retries of Jobs:Attempts,
/// nothing else), its activator (this host's services) and the pieces built on them. None of Hangfire's
/// process-wide defaults (JobStorage.Current, GlobalJobFilters, JobActivator.Current) is read or set.
/// </summary>
public sealed class HangfireParts : IDisposable
{
    public HangfireParts(IOptions<StorageOptions> storage, IOptions<JobsOptions> jobs, SqlFlavor flavor, IServiceScopeFactory scopes)
    {
        var settings = jobs.Value;
        if (storage.Value.Provider == "postgres") _postgresConnectionString = storage.Value.ConnectionString;
        Storage = storage.Value.Provider == "postgres"
            ? CreatePostgres(storage.Value.ConnectionString, settings)
            : CreateSqlite(((SqliteFlavor)flavor).DataSource, settings);
        var filters = new JobFilterCollection();
        filters.Add(new AutomaticRetryAttribute
        {
            Attempts = settings.Attempts - 1,
            DelaysInSeconds = [Math.Max(0, (int)settings.RetryDelay.TotalSeconds)],
            OnAttemptsExceeded = AttemptsExceededAction.Fail,
            // The runner logs each failure itself, with what may be said of it.
            LogEvents = false,
        });
        Filters = filters;
        Activator = new AspNetCoreJobActivator(scopes);
        Factory = new BackgroundJobFactory(Filters);
        Performer = new BackgroundJobPerformer(Filters, Activator, TaskScheduler.Default);
        StateChanger = new BackgroundJobStateChanger(Filters);
    }

    public JobStorage Storage { get; }
    public IJobFilterProvider Filters { get; }
    public JobActivator Activator { get; }
    public IBackgroundJobFactory Factory { get; }
    public IBackgroundJobPerformer Performer { get; }
    public IBackgroundJobStateChanger StateChanger { get; }

    /// <summary>
    /// Hangfire's tables in the schema "hangfire" of the application's database. A fetched run stays invisible
    /// to other processes while its worker lives (a sliding timeout renewed by the worker), and for
    /// Jobs:TakeoverAfter after it dies.
    /// </summary>
    private static PostgreSqlStorage CreatePostgres(string connectionString, JobsOptions settings)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = settings.PollInterval,
            InvisibilityTimeout = settings.TakeoverAfter,
            UseSlidingInvisibilityTimeout = true,
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// Hangfire's tables in a sibling file of the application's database (phoneauth.db → phoneauth.jobs.db):
    /// SQLite lets one writer at a time into a file, and Hangfire's workers poll and write every second; in
    /// their own file they never make a request wait for the write lock. Backups copy both files. This
    /// storage cannot keep a fetched run alive, so a run is invisible to other processes for its longest
    /// life, Jobs:Timeout plus Jobs:TakeoverAfter, before a takeover.
    /// </summary>
    private static SQLiteStorage CreateSqlite(string dataSource, JobsOptions settings)
    {
        var path = Path.Combine(Path.GetDirectoryName(dataSource) ?? ".", Path.GetFileNameWithoutExtension(dataSource) + ".jobs" + Path.GetExtension(dataSource));
        // On a first run the folder may not exist yet: Hangfire's storage opens its file before the app's migrations make it.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return new SQLiteStorage(path, new SQLiteStorageOptions
        {
            QueuePollInterval = settings.PollInterval,
            InvisibilityTimeout = settings.Timeout + settings.TakeoverAfter,
        });
    }

    private readonly string? _postgresConnectionString;

    /// <summary>
    /// Hangfire opens its connections from Npgsql's pool of its connection string, which outlives this host:
    /// its idle connections are closed here, or each host that stopped would leave them to PostgreSQL for
    /// minutes (a process restarting in place, or a test suite starting many hosts, runs out of connections).
    /// </summary>
    public void Dispose()
    {
        (Storage as IDisposable)?.Dispose();
        if (_postgresConnectionString is not null)
        {
            using var connection = new Npgsql.NpgsqlConnection(_postgresConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }
}
