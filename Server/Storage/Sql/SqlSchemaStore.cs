using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Storage.Sql.Query;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Schemas in the <c>schemas</c> table (fields, permissions and indexes as JSON), changed only
/// conditionally on the version read. An index is an expression index on the objects table, built from
/// the very expressions queries use, so that a where or an order on an indexed field does not scan.
/// </summary>
public sealed class SqlSchemaStore(SqlDatabase db) : ISchemaStore
{
    public Task<IReadOnlyList<ClassSchema>> ListAsync(CancellationToken cancellationToken) =>
        db.RunAsync<IReadOnlyList<ClassSchema>>(async connection =>
        {
            var schemas = new List<ClassSchema>();
            await using var reader = await connection.Command("SELECT class_name, fields, permissions, indexes, version FROM schemas ORDER BY class_name")
                .ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) schemas.Add(Read(reader));
            return schemas;
        }, cancellationToken);

    public Task<ClassSchema?> FindAsync(string className, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            await using var reader = await connection.Command("SELECT class_name, fields, permissions, indexes, version FROM schemas WHERE class_name = @c")
                .With("c", className).ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
        }, cancellationToken);

    public async Task<bool> CreateAsync(ClassSchema schema, CancellationToken cancellationToken)
    {
        try
        {
            return await db.WriteAsync(async connection => await connection.Command(
                    "INSERT INTO schemas (class_name, fields, permissions, indexes, version) VALUES " +
                    $"(@c, {db.Flavor.JsonParameter("@fields")}, {db.Flavor.JsonParameter("@permissions")}, {db.Flavor.JsonParameter("@indexes")}, @version)")
                .WithSchema(schema).ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
        }
        catch (DbException ex) when (db.Flavor.UniqueViolation(ex) is not null)
        {
            return false;
        }
    }

    public Task<bool> UpdateAsync(ClassSchema schema, long expectedVersion, CancellationToken cancellationToken) =>
        db.WriteAsync(async connection => await connection.Command(
                $"UPDATE schemas SET fields = {db.Flavor.JsonParameter("@fields")}, permissions = {db.Flavor.JsonParameter("@permissions")}, " +
                $"indexes = {db.Flavor.JsonParameter("@indexes")}, version = @version WHERE class_name = @c AND version = @expected")
            .WithSchema(schema).With("expected", expectedVersion).ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);

    public Task<bool> DeleteAsync(string className, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.Command("DELETE FROM relations WHERE owning_class = @c", transaction).With("c", className).ExecuteNonQueryAsync(cancellationToken);
            await connection.Command("DELETE FROM objects WHERE class_name = @c", transaction).With("c", className).ExecuteNonQueryAsync(cancellationToken);
            return await connection.Command("DELETE FROM schemas WHERE class_name = @c", transaction).With("c", className).ExecuteNonQueryAsync(cancellationToken) == 1;
        }, cancellationToken);

    public Task DeleteFieldAsync(string className, string field, CancellationToken cancellationToken) =>
        db.InTransactionAsync(async (connection, transaction) =>
        {
            await connection.Command($"UPDATE objects SET data = {db.Flavor.JsonRemove("data", DataFieldsChecked(field))} WHERE class_name = @c", transaction)
                .With("c", className).ExecuteNonQueryAsync(cancellationToken);
            await connection.Command("DELETE FROM relations WHERE owning_class = @c AND field = @f", transaction)
                .With("c", className).With("f", field).ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>The name, which reaches SQL as a literal, only once it passed the field-name check.</summary>
    private static string DataFieldsChecked(string field) =>
        DataFields.IsValidName(field) ? field : throw new PhoneAuthException(AuthError.InvalidFieldName) { Args = [field] };

    /// <summary>
    /// CREATE INDEX over the fields' query expressions (by their declared types), on (class, fields…, id),
    /// or a unique index on the fields of this class alone. Names and fields passed the core's checks.
    /// </summary>
    public async Task CreateIndexAsync(ClassSchema schema, string name, IndexSpec index, CancellationToken cancellationToken)
    {
        var source = new ObjectsSource(db.Flavor, ClassNames.Check(schema.ClassName));
        var expressions = index.Fields.Select(f =>
        {
            var path = CloudFunctions.Data.Query.FieldPath.Parse(f.Name);
            var field = source.Field(path, path.IsNested ? null : schema.Field(path.Field), FieldKind.Json)
                ?? throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"{f.Name} cannot be indexed"] };
            return field.Sql + (f.Descending ? " DESC" : "");
        }).ToList();
        var sql = db.Flavor.CreateIndex(IndexName(schema.ClassName, name), schema.ClassName, expressions, index.Unique);
        try
        {
            await db.WriteAsync(connection => connection.Command(sql).ExecuteNonQueryAsync(cancellationToken), cancellationToken);
        }
        catch (DbException ex) when (db.Flavor.UniqueViolation(ex) is not null)
        {
            throw new PhoneAuthException(AuthError.DuplicateValue, ex.Message);
        }
    }

    public Task DropIndexAsync(string className, string name, CancellationToken cancellationToken) =>
        db.WriteAsync(connection => connection.Command($"DROP INDEX IF EXISTS {IndexName(className, name)}").ExecuteNonQueryAsync(cancellationToken),
            cancellationToken);

    /// <summary>A database name for an index: "ix_" and a digest of the class and the index's name, short enough for every engine.</summary>
    private static string IndexName(string className, string name) =>
        "ix_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(className + "\0" + name)))[..32];

    private static ClassSchema Read(DbDataReader r) => new()
    {
        ClassName = r.GetString(0),
        Fields = SchemaJson.ReadFields(JsonNode.Parse(r.GetString(1)) as JsonObject),
        Permissions = r.IsDBNull(2) ? null : JsonNode.Parse(r.GetString(2)) as JsonObject,
        Indexes = SchemaJson.ReadIndexes(JsonNode.Parse(r.GetString(3)) as JsonObject),
        Version = r.GetInt64(4),
    };
}

internal static class SchemaParameters
{
    public static DbCommand WithSchema(this DbCommand command, ClassSchema schema) => command
        .With("c", schema.ClassName)
        .With("fields", SchemaJson.WriteFields(schema.Fields).ToJsonString())
        .With("permissions", schema.Permissions?.ToJsonString())
        .With("indexes", SchemaJson.WriteIndexes(schema.Indexes).ToJsonString())
        .With("version", schema.Version);
}
