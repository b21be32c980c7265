using System.Data.Common;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;

namespace PhoneAuth.Server.Storage.Sql.Query;

/// <summary>Runs a typed query against its class's table: one SELECT for the page and one COUNT when asked, on one connection.</summary>
internal static class SqlQueries
{
    /// <summary>Where each class lives: _User and _Session in their own tables, every other class in objects.</summary>
    public static SqlSource SourceOf(SqlFlavor flavor, string className) => className switch
    {
        ClassNames.User => new UsersSource(flavor),
        ClassNames.Session => new SessionsSource(flavor),
        _ => new ObjectsSource(flavor, className),
    };

    /// <summary>
    /// The SELECT of a query's page, and its parameters. LIMIT and OFFSET are written as numbers (whole
    /// numbers the query reader bounded, never text from the request): PostgreSQL's plan of a prepared
    /// statement with a parameter for LIMIT assumes a tenth of the matching rows, so that plan looked far
    /// dearer than a plan for the values and the statement was planned again at every execution
    /// (a third of PostgreSQL's time in the query workload). With numbers, the statement's generic plan
    /// is costed for its real page and is the one used.
    /// </summary>
    public static (string Sql, SqlParameters Parameters) Select(SqlFlavor flavor, ObjectQuery query, QueryScope scope)
    {
        var (limit, skip) = (Math.Max(0, query.Limit), Math.Max(0, query.Skip)); // the readers bound both; a trigger's query is clamped where it is read
        var source = SourceOf(flavor, query.ClassName);
        var parameters = new SqlParameters();
        var builder = new SqlQueryBuilder(flavor, scope, parameters, name => SourceOf(flavor, name));
        var sql = $"SELECT {source.Columns} FROM {source.Table} WHERE {builder.Where(query, source)} ORDER BY {builder.OrderBy(query, source)} " +
            FormattableString.Invariant($"LIMIT {limit}") + (skip > 0 ? FormattableString.Invariant($" OFFSET {skip}") : "");
        return (sql, parameters);
    }

    /// <summary>How the database runs a query's page (EXPLAIN): to show, and test, that a where on an indexed field uses its index.</summary>
    public static async Task<string> ExplainAsync(DbConnection connection, SqlFlavor flavor, ObjectQuery query, QueryScope scope, CancellationToken cancellationToken)
    {
        var (sql, parameters) = Select(flavor, query, scope);
        await using var reader = await parameters.Bind(connection.Command(flavor.Explain + " " + sql)).ExecuteReaderAsync(cancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) lines.Add(reader.GetValue(reader.FieldCount - 1)?.ToString() ?? "");
        return string.Join("\n", lines);
    }

    /// <summary>
    /// Whether any row matches the query, read in <paramref name="transaction"/> (a conditional write
    /// checks its condition on the row it holds locked).
    /// </summary>
    public static async Task<bool> MatchesAsync(DbConnection connection, DbTransaction? transaction, SqlFlavor flavor, ObjectQuery query, QueryScope scope,
        CancellationToken cancellationToken)
    {
        var source = SourceOf(flavor, query.ClassName);
        var parameters = new SqlParameters();
        var builder = new SqlQueryBuilder(flavor, scope, parameters, name => SourceOf(flavor, name));
        var sql = $"SELECT COUNT(*) FROM {source.Table} WHERE {builder.Where(query, source)}";
        return Convert.ToInt64(await parameters.Bind(connection.Command(sql, transaction)).ExecuteScalarAsync(cancellationToken)) > 0;
    }

    public static async Task<(List<T> Rows, long? Count)> RunAsync<T>(DbConnection connection, SqlFlavor flavor, ObjectQuery query, QueryScope scope,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCheckedAsync(connection, flavor, query, scope, read, cancellationToken);
        }
        catch (DbException ex) when (flavor.IsInvalidPattern(ex))
        {
            throw new CloudFunctions.Errors.PhoneAuthException(CloudFunctions.Errors.AuthError.InvalidQuery)
                { Args = ["$regex is not a pattern this server runs"] };
        }
    }

    private static async Task<(List<T> Rows, long? Count)> RunCheckedAsync<T>(DbConnection connection, SqlFlavor flavor, ObjectQuery query, QueryScope scope,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var source = SourceOf(flavor, query.ClassName);
        var rows = new List<T>();
        if (query.Limit > 0)
        {
            var (sql, parameters) = Select(flavor, query, scope);
            await using var reader = await parameters.Bind(connection.Command(sql)).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        }
        long? count = null;
        if (query.Count)
        {
            var parameters = new SqlParameters();
            var builder = new SqlQueryBuilder(flavor, scope, parameters, name => SourceOf(flavor, name));
            var sql = $"SELECT COUNT(*) FROM {source.Table} WHERE {builder.Where(query, source)}";
            count = Convert.ToInt64(await parameters.Bind(connection.Command(sql)).ExecuteScalarAsync(cancellationToken));
        }
        return (rows, count);
    }
}
