using System.Data.Common;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Statements sent together: in one round trip where the driver batches (Npgsql), else one after
/// another (SQLite, which runs in the process and has no round trip to save). Either way they run in
/// the order added, on one connection, in its transaction.
/// </summary>
internal sealed class SqlBatch(DbConnection connection, DbTransaction? transaction)
{
    private readonly List<(string Sql, (string Name, object? Value)[] Parameters)> _statements = [];

    public int Count => _statements.Count;

    public SqlBatch AddRange(IEnumerable<SqlStatement> statements)
    {
        foreach (var statement in statements) _statements.Add((statement.Sql, statement.Parameters));
        return this;
    }

    public SqlBatch Add(string sql, params (string Name, object? Value)[] parameters)
    {
        _statements.Add((sql, parameters));
        return this;
    }

    public async Task ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        if (_statements.Count == 0) return;
        if (!connection.CanCreateBatch)
        {
            foreach (var (sql, parameters) in _statements) await Command(sql, parameters).ExecuteNonQueryAsync(cancellationToken);
            return;
        }
        await using var batch = CreateBatch();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs statements that each return rows; <paramref name="read"/> consumes the rows of the i-th.</summary>
    public async Task ReadAsync(Func<int, DbDataReader, Task> read, CancellationToken cancellationToken)
    {
        if (_statements.Count == 0) return;
        if (!connection.CanCreateBatch)
        {
            for (var i = 0; i < _statements.Count; i++)
            {
                await using var single = await Command(_statements[i].Sql, _statements[i].Parameters).ExecuteReaderAsync(cancellationToken);
                await read(i, single);
            }
            return;
        }
        await using var batch = CreateBatch();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < _statements.Count; i++)
        {
            if (i > 0 && !await reader.NextResultAsync(cancellationToken))
                throw new InvalidOperationException($"The batch returned {i} result sets for {_statements.Count} statements.");
            await read(i, reader);
        }
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.Command(sql, transaction);
        foreach (var (name, value) in parameters) command.With(name, value);
        return command;
    }

    private DbBatch CreateBatch()
    {
        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        foreach (var (sql, parameters) in _statements)
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            batch.BatchCommands.Add(command);
        }
        return batch;
    }
}
