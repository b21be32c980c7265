using System.Data.Common;
using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Telemetry;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Opens connections and turns driver errors into <see cref="StorageException"/>, so that nothing
/// above the stores knows which engine runs.
/// </summary>
public sealed class SqlDatabase(SqlFlavor flavor, ILogger<SqlDatabase> logger, PhoneAuthMetrics? metrics = null)
{
    public SqlFlavor Flavor => flavor;

    /// <summary>Runs <paramref name="work"/>, which only reads, on an open connection.</summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = flavor.CreateConnection();
            await connection.OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (DbException ex) when (flavor.UniqueViolation(ex) is null)
        {
            throw Wrap(ex);
        }
    }

    /// <summary>Runs <paramref name="work"/>, one writing statement in its own transaction, on an open connection.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        var gate = flavor.WriteGate;
        if (gate is null) return await RunAsync(work, cancellationToken);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return await RunAsync(work, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits it.</summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(async connection =>
        {
            await using var transaction = await flavor.BeginWriteAsync(connection, cancellationToken);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }, cancellationToken);

    /// <summary>
    /// Runs <paramref name="statements"/> all or none, with one commit. Where a batch is a transaction of its
    /// own (<see cref="SqlFlavor.BatchIsTransaction"/>: PostgreSQL runs the statements of one Sync in one
    /// implicit transaction and skips the rest after an error) that is one round trip; elsewhere it is an
    /// explicit transaction.
    /// </summary>
    internal Task WriteAtomicAsync(IReadOnlyList<SqlStatement> statements, CancellationToken cancellationToken) =>
        flavor.BatchIsTransaction
            ? WriteAsync(async connection =>
            {
                await new SqlBatch(connection, null).AddRange(statements).ExecuteNonQueryAsync(cancellationToken);
                return 0;
            }, cancellationToken)
            : InTransactionAsync(async (connection, transaction) =>
            {
                await new SqlBatch(connection, transaction).AddRange(statements).ExecuteNonQueryAsync(cancellationToken);
                return 0;
            }, cancellationToken);

    private StorageException Wrap(DbException ex)
    {
        var transient = flavor.IsTransient(ex);
        metrics?.StorageError(flavor.Name.ToLowerInvariant(), transient);
        // An outage fails every request: one line each, without the stack, keeps the log readable.
        if (transient) logger.LogWarning(LogEvents.StorageUnavailable, "{Engine} unavailable: {Reason}", flavor.Name, ex.Message);
        else logger.LogError(LogEvents.StorageUnavailable, ex, "{Engine} failed", flavor.Name);
        return new StorageException($"{flavor.Name} failed: {ex.Message}", transient, ex);
    }
}
