using System.Data.Common;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Storage.Sql.Query;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Objects in the <c>objects</c> table, relation members in <c>relations</c>. A write reads the object's
/// row inside its transaction, with the row locked (PostgreSQL: FOR UPDATE; SQLite: the write lock), so
/// the write's rules and operators see exactly the state it replaces and concurrent writes to one
/// object, from any process, apply one after another. Unique indexes decide races on unique values.
/// </summary>
public sealed class SqlObjectStore(SqlDatabase db) : IObjectStore
{
    public Task<StoredObject?> FindByIdAsync(string className, string id, CancellationToken cancellationToken) =>
        db.RunAsync(connection => ReadOneAsync(connection, null, className, id, forUpdate: false, cancellationToken), cancellationToken);

    public Task<ObjectPage> FindAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken) =>
        db.RunAsync(async connection =>
        {
            var (rows, count) = await SqlQueries.RunAsync(connection, db.Flavor, query, scope, r => Read(r, query.ClassName), cancellationToken);
            return new ObjectPage(rows, count);
        }, cancellationToken);

    /// <summary>The database's plan for a query's page: a where on an indexed field must use the index, not scan the class.</summary>
    public Task<string> ExplainAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken) =>
        db.RunAsync(connection => SqlQueries.ExplainAsync(connection, db.Flavor, query, scope, cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ObjectWrite> writes, bool atomic, CancellationToken cancellationToken)
    {
        if (!atomic)
        {
            var outcomes = new List<WriteOutcome>();
            foreach (var write in writes)
            {
                try
                {
                    outcomes.Add(new WriteOutcome(await WriteOneAsync(write, cancellationToken), null));
                }
                catch (PhoneAuthException ex)
                {
                    outcomes.Add(new WriteOutcome(null, ex));
                }
            }
            return outcomes;
        }
        // All or nothing: the first refusal rolls every write back and is the one error reported.
        var failed = -1;
        try
        {
            return await InTransactionAsync(async (connection, transaction) =>
            {
                var done = new List<WriteOutcome>();
                for (var i = 0; i < writes.Count; i++)
                {
                    failed = i;
                    done.Add(new WriteOutcome(await RunAsync(connection, transaction, writes[i], cancellationToken), null));
                }
                return done;
            }, cancellationToken);
        }
        catch (PhoneAuthException ex)
        {
            return [.. writes.Select((_, i) => new WriteOutcome(null, i == failed ? ex : null))];
        }
    }

    public Task<long> CountClassAsync(string className, CancellationToken cancellationToken) =>
        db.RunAsync(async connection => Convert.ToInt64(await connection.Command("SELECT COUNT(*) FROM objects WHERE class_name = @c")
            .With("c", className).ExecuteScalarAsync(cancellationToken)), cancellationToken);

    /// <summary>
    /// The roles whose users relation holds the user, then every role whose roles relation holds one of
    /// those, transitively: one recursive query, whatever the depth (UNION stops at cycles).
    /// </summary>
    public Task<IReadOnlySet<string>> RoleNamesOfAsync(string userId, CancellationToken cancellationToken) =>
        db.RunAsync<IReadOnlySet<string>>(async connection =>
        {
            const string sql =
                "WITH RECURSIVE held(id) AS (" +
                "SELECT owning_id FROM relations WHERE owning_class = '_Role' AND field = 'users' AND related_id = @user " +
                "UNION SELECT r.owning_id FROM relations r JOIN held h ON r.related_id = h.id WHERE r.owning_class = '_Role' AND r.field = 'roles') " +
                "SELECT o.data FROM objects o JOIN held ON o.id = held.id WHERE o.class_name = '_Role'";
            var names = new HashSet<string>(StringComparer.Ordinal);
            await using var reader = await connection.Command(sql).With("user", userId).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (ParseValues.Text(JsonNode.Parse(reader.GetString(0))?["name"]) is { } name) names.Add(name);
            }
            return names;
        }, cancellationToken);

    /// <summary>
    /// One write in a transaction of its own. A create reads nothing first: its row and its relations'
    /// rows are one batch (on PostgreSQL one round trip and one implicit transaction, with no BEGIN and
    /// COMMIT of their own); an update or a delete reads the row it replaces, locked, in a transaction.
    /// </summary>
    private Task<StoredObject?> WriteOneAsync(ObjectWrite write, CancellationToken cancellationToken)
    {
        if (write is not CreateObject create) return InTransactionAsync((c, t) => RunAsync(c, t, write, cancellationToken), cancellationToken);
        return UniqueAsync(async () =>
        {
            await db.WriteAtomicAsync(Written(create.Object, insert: true, create.Relations), cancellationToken);
            return (StoredObject?)create.Object;
        });
    }

    private Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        UniqueAsync(() => db.InTransactionAsync(work, cancellationToken));

    /// <summary>A unique index's refusal is the client's 137, not a storage fault.</summary>
    private async Task<T> UniqueAsync<T>(Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (DbException ex) when (db.Flavor.UniqueViolation(ex) is not null)
        {
            throw new PhoneAuthException(AuthError.DuplicateValue, ex.Message);
        }
    }

    private async Task<StoredObject?> RunAsync(DbConnection connection, DbTransaction transaction, ObjectWrite write, CancellationToken cancellationToken)
    {
        switch (write)
        {
            case CreateObject create:
                await new SqlBatch(connection, transaction).AddRange(Written(create.Object, insert: true, create.Relations)).ExecuteNonQueryAsync(cancellationToken);
                return create.Object;
            case UpdateObject update:
            {
                var current = await ReadOneAsync(connection, transaction, update.ClassName, update.Id, forUpdate: true, cancellationToken)
                    ?? throw new PhoneAuthException(AuthError.ObjectNotFound);
                if (update.Condition is { } condition) await CheckAsync(connection, transaction, current, condition, cancellationToken);
                var (updated, relations) = update.Apply(current);
                await new SqlBatch(connection, transaction).AddRange(Written(updated, insert: false, relations)).ExecuteNonQueryAsync(cancellationToken);
                return updated;
            }
            case DeleteObject delete:
            {
                var current = await ReadOneAsync(connection, transaction, delete.ClassName, delete.Id, forUpdate: true, cancellationToken)
                    ?? throw new PhoneAuthException(AuthError.ObjectNotFound);
                if (delete.Condition is { } condition) await CheckAsync(connection, transaction, current, condition, cancellationToken);
                delete.Authorize(current);
                await connection.Command("DELETE FROM objects WHERE class_name = @c AND id = @id", transaction)
                    .With("c", delete.ClassName).With("id", delete.Id).ExecuteNonQueryAsync(cancellationToken);
                await connection.Command("DELETE FROM relations WHERE owning_class = @c AND owning_id = @id", transaction)
                    .With("c", delete.ClassName).With("id", delete.Id).ExecuteNonQueryAsync(cancellationToken);
                return null;
            }
            default:
                throw new ArgumentException($"Unknown write {write.GetType().Name}.", nameof(write));
        }
    }

    /// <summary>
    /// A conditional write's condition, on the row this transaction holds locked: the caller's right to
    /// write first (101), then the condition, as one SELECT on that row (305 when it does not match).
    /// </summary>
    private async Task CheckAsync(DbConnection connection, DbTransaction transaction, StoredObject current, WriteCondition condition,
        CancellationToken cancellationToken)
    {
        condition.Authorize(current);
        var query = new ObjectQuery
        {
            ClassName = current.ClassName,
            Where = new AllOf([new Comparison(FieldPath.Of(DataFields.Id), Comparator.Equal, JsonValue.Create(current.Id)), condition.Where]),
            Limit = 1,
        };
        if (!await SqlQueries.MatchesAsync(connection, transaction, db.Flavor, query, condition.Scope, cancellationToken))
            throw new PhoneAuthException(AuthError.ConditionNotMet);
    }

    private async Task<StoredObject?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, string className, string id, bool forUpdate,
        CancellationToken cancellationToken)
    {
        var sql = $"SELECT {ObjectsSource.SelectColumns} FROM objects WHERE class_name = @c AND id = @id" + (forUpdate ? db.Flavor.LockForUpdate : "");
        await using var reader = await connection.Command(sql, transaction).With("c", className).With("id", id).ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader, className) : null;
    }

    /// <summary>The statements that store <paramref name="obj"/> (its row, inserted or updated) and its relations' changes.</summary>
    private List<SqlStatement> Written(StoredObject obj, bool insert, IReadOnlyList<RelationMembers> relations)
    {
        var row = insert
            ? "INSERT INTO objects (class_name, id, data, acl, read_acl, created_at, updated_at, version) VALUES " +
              $"(@c, @id, {db.Flavor.JsonParameter("@data")}, {db.Flavor.JsonParameter("@acl")}, @read_acl, @created_at, @updated_at, @version)"
            : $"UPDATE objects SET data = {db.Flavor.JsonParameter("@data")}, acl = {db.Flavor.JsonParameter("@acl")}, read_acl = @read_acl, " +
              "updated_at = @updated_at, version = @version WHERE class_name = @c AND id = @id";
        var statements = new List<SqlStatement>
        {
            new(row, [
                ("c", obj.ClassName), ("id", obj.Id), ("data", obj.Fields.ToJsonString()), ("acl", obj.Acl?.ToJsonString()),
                ("read_acl", db.Flavor.EntitiesParameter(Acls.Readers(obj.Acl))), ("created_at", obj.CreatedAt.ToUnixMs()),
                ("updated_at", obj.UpdatedAt.ToUnixMs()), ("version", obj.Version),
            ]),
        };
        foreach (var change in relations)
        {
            foreach (var related in change.Ids.Distinct(StringComparer.Ordinal))
            {
                var sql = change.Add
                    ? "INSERT INTO relations (owning_class, owning_id, field, related_id) VALUES (@c, @id, @field, @related) ON CONFLICT DO NOTHING"
                    : "DELETE FROM relations WHERE owning_class = @c AND owning_id = @id AND field = @field AND related_id = @related";
                statements.Add(new SqlStatement(sql, [("c", obj.ClassName), ("id", obj.Id), ("field", change.Field), ("related", related)]));
            }
        }
        return statements;
    }

    internal static StoredObject Read(DbDataReader r, string className) => new()
    {
        ClassName = className,
        Id = r.GetString(0),
        Fields = JsonNode.Parse(r.GetString(1)) as JsonObject ?? [],
        Acl = r.IsDBNull(2) ? null : JsonNode.Parse(r.GetString(2)) as JsonObject,
        CreatedAt = SqlCommands.FromUnixMs(r.GetInt64(3)),
        UpdatedAt = SqlCommands.FromUnixMs(r.GetInt64(4)),
        Version = r.GetInt64(5),
    };
}
