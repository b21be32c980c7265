using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.Server.Storage.Sql;
using PhoneAuth.Server.Storage.Postgres;
using PhoneAuth.Server.Storage.Sqlite;

namespace PhoneAuth.Server.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Registers the stores of the engine named by <c>Storage:Provider</c>, chosen once, here.</summary>
    public static IServiceCollection AddPhoneAuthStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Provider is "sqlite" or "postgres", "Storage:Provider must be \"sqlite\" or \"postgres\".")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), "Storage:ConnectionString must not be empty.")
            .Validate(o => o.SweepInterval > TimeSpan.Zero, "Storage:SweepInterval must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton<SqlFlavor>(sp => CreateFlavor(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.TryAddSingleton<SqlDatabase>();
        services.TryAddSingleton<SqlSchemaMigrator>();
        services.TryAddSingleton<SqlUserChangeFeed>();
        services.TryAddSingleton<IUserChangeFeed>(sp => sp.GetRequiredService<SqlUserChangeFeed>());
        services.TryAddSingleton<IUserStore, SqlUserStore>();
        services.TryAddSingleton<ISessionStore, SqlSessionStore>();
        services.TryAddSingleton<IObjectStore, SqlObjectStore>();
        services.TryAddSingleton<ISchemaStore, SqlSchemaStore>();
        services.TryAddSingleton<IVerificationCodeStore, SqlVerificationCodeStore>();
        services.TryAddSingleton<IRateLimitStore, SqlRateLimitStore>();
        services.TryAddSingleton<IIdempotencyStore, SqlIdempotencyStore>();
        services.TryAddSingleton<ITicketStore, SqlTicketStore>();
        services.TryAddSingleton<ISmsLogStore, SqlSmsLogStore>();
        services.TryAddSingleton<IConversionStore, SqlConversionStore>();
        services.TryAddSingleton<IWriteBatches, SqlWriteBatches>();
        services.AddHostedService<SchemaMigrationService>();
        services.AddHostedService<UserChangeListener>(); // after the migration: SQLite's user_changes must exist
        // The sweep runs as a recurring job on the jobs' scheduler (Server/Jobs), every Storage:SweepInterval.
        services.TryAddSingleton<StorageSweeper>();
        return services;
    }

    private static SqlFlavor CreateFlavor(StorageOptions options, string contentRoot) => options.Provider switch
    {
        "sqlite" => new SqliteFlavor(options.ConnectionString, contentRoot),
        "postgres" => new PostgresFlavor(options.ConnectionString),
        _ => throw new InvalidOperationException($"Storage:Provider \"{options.Provider}\" is not supported."),
    };
}

/// <summary>Brings the schema up to date before the server accepts requests.</summary>
internal sealed class SchemaMigrationService(SqlSchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
