using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>Statements of several stores, written by <see cref="SqlDatabase.WriteAtomicAsync"/> in one transaction.</summary>
internal sealed class SqlWriteBatch(SqlDatabase db) : IWriteBatch
{
    private List<SqlStatement> _statements = [];

    public bool IsEmpty => _statements.Count == 0;

    public SqlDatabase Database => db;

    public void Add(string sql, params (string Name, object? Value)[] parameters) => _statements.Add(new SqlStatement(sql, parameters));

    /// <summary>The statements added so far, leaving the batch empty: for a store that writes them in its own transaction.</summary>
    public IReadOnlyList<SqlStatement> Take()
    {
        var taken = _statements;
        _statements = [];
        return taken;
    }

    /// <summary>Puts statements taken by <see cref="Take"/> back in front, when the store that took them could not write them.</summary>
    public void Restore(IReadOnlyList<SqlStatement> statements) => _statements.InsertRange(0, statements);

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        var statements = Take();
        return statements.Count == 0 ? Task.CompletedTask : db.WriteAtomicAsync(statements, cancellationToken);
    }

    /// <summary>Writes what <paramref name="add"/> adds to a new batch, by itself: the stores' one-write methods.</summary>
    public static Task WriteAsync(SqlDatabase db, Action<SqlWriteBatch> add, CancellationToken cancellationToken)
    {
        var batch = new SqlWriteBatch(db);
        add(batch);
        return batch.CommitAsync(cancellationToken);
    }

    /// <summary>The SQL batch behind <paramref name="batch"/>, which must come from this engine's <see cref="SqlWriteBatches"/>.</summary>
    public static SqlWriteBatch Of(IWriteBatch batch) =>
        batch as SqlWriteBatch ?? throw new ArgumentException($"A {batch.GetType().Name} is not a batch of the SQL stores.", nameof(batch));
}

/// <summary>One statement and its parameters.</summary>
internal sealed record SqlStatement(string Sql, (string Name, object? Value)[] Parameters);

/// <summary>Write batches over <see cref="SqlDatabase"/>.</summary>
public sealed class SqlWriteBatches(SqlDatabase db) : IWriteBatches
{
    public IWriteBatch Begin() => new SqlWriteBatch(db);
}
