using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Applies the embedded schema scripts (<c>Storage/&lt;Engine&gt;/Schema/NNN_name.sql</c>) that the
/// database lacks, in order, in one transaction under the engine's schema lock, so that several
/// processes starting at once on an empty database apply each version exactly once.
/// </summary>
public sealed class SqlSchemaMigrator(SqlDatabase db, TimeProvider time, ILogger<SqlSchemaMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await db.Flavor.PrepareAsync(cancellationToken);
        var scripts = LoadScripts(db.Flavor.SchemaFolder);
        await db.InTransactionAsync(async (connection, transaction) =>
        {
            await db.Flavor.LockSchemaAsync(connection, transaction, cancellationToken);
            await connection.Command(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                    transaction)
                .ExecuteNonQueryAsync(cancellationToken);

            var applied = new HashSet<int>();
            await using (var reader = await connection.Command("SELECT version FROM schema_migrations", transaction).ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetInt32(0));
            }

            foreach (var (version, name, sql) in scripts.Where(s => !applied.Contains(s.Version)))
            {
                await connection.Command(sql, transaction).ExecuteNonQueryAsync(cancellationToken);
                await connection.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)", transaction)
                    .With("version", version).With("name", name).With("at", time.GetUtcNow().ToUnixMs())
                    .ExecuteNonQueryAsync(cancellationToken);
                logger.LogInformation(LogEvents.SchemaMigrated, "{Engine} schema version {Version} ({Name}) applied", db.Flavor.Name, version, name);
            }
            return 0;
        }, cancellationToken);
    }

    internal static List<(int Version, string Name, string Sql)> LoadScripts(string folder)
    {
        var assembly = typeof(SqlSchemaMigrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.{folder}.Schema.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^4];
                var version = int.Parse(name[..name.IndexOf('_')], System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var text = new StreamReader(stream);
                return (version, name, text.ReadToEnd());
            })
            .OrderBy(s => s.version)
            .ToList();
    }
}
