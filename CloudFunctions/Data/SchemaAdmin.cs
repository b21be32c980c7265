using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>A class as /schemas creates it: fields, class-level permissions, indexes (each optional).</summary>
public sealed record ClassDefinition(IReadOnlyDictionary<string, FieldSchema> Fields, JsonObject? Permissions, IReadOnlyDictionary<string, IndexSpec> Indexes);

/// <summary>A change /schemas makes to a class: fields and indexes added or deleted, and perhaps new permissions.</summary>
public sealed record SchemaChange(
    IReadOnlyDictionary<string, FieldSchema> AddFields,
    IReadOnlyList<string> DeleteFields,
    JsonObject? Permissions,
    bool SetsPermissions,
    IReadOnlyDictionary<string, IndexSpec> AddIndexes,
    IReadOnlyList<string> DeleteIndexes);

/// <summary>
/// /schemas: classes created, changed and dropped by the master key. _User and _Session keep their own
/// storage and fixed schemas here; _Role and application classes take fields, permissions and indexes.
/// An index is built in the database before the schema names it, so a query the schema promises an
/// index to never scans.
/// </summary>
public sealed class SchemaAdmin(ISchemaStore store, IObjectStore objects, SchemaService schemas, ILogger<SchemaAdmin> logger)
{
    private const int MaxAttempts = 5;

    public async Task<IReadOnlyList<ClassSchema>> ListAsync(RequestContext caller, CancellationToken cancellationToken)
    {
        RequireMaster(caller);
        var stored = (await store.ListAsync(cancellationToken)).Select(s => s.ClassName).ToHashSet(StringComparer.Ordinal);
        var names = stored.Concat(ClassNames.System).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var list = new List<ClassSchema>();
        foreach (var name in names)
        {
            schemas.Forget(name);
            if (await schemas.FindAsync(name, cancellationToken) is { } schema) list.Add(schema);
        }
        return list;
    }

    public async Task<ClassSchema> GetAsync(string className, RequestContext caller, CancellationToken cancellationToken)
    {
        RequireMaster(caller);
        schemas.Forget(ClassNames.Check(className));
        return await schemas.FindAsync(className, cancellationToken) ?? throw new PhoneAuthException(AuthError.ClassNotFound) { Args = [className] };
    }

    public async Task<ClassSchema> CreateAsync(string className, ClassDefinition definition, RequestContext caller, CancellationToken cancellationToken)
    {
        RequireMaster(caller);
        ClassNames.Check(className);
        // The system classes always exist, as in Parse Server.
        if (ClassNames.System.Contains(className) || await store.FindAsync(className, cancellationToken) is not null)
            throw new PhoneAuthException(AuthError.ClassExists) { Args = [className] };
        var fields = CheckNewFields(className, definition.Fields, existing: null);
        var schema = new ClassSchema
        {
            ClassName = className, Fields = fields, Permissions = ClassAccess.CheckPermissions(definition.Permissions, fields), Version = 1,
        };
        CheckIndexes(schema, definition.Indexes.Keys, definition.Indexes);
        if (!await store.CreateAsync(schema, cancellationToken)) throw new PhoneAuthException(AuthError.ClassExists) { Args = [className] };
        schemas.Forget(className);
        var created = await schemas.FindAsync(className, cancellationToken) ?? schema;
        if (definition.Indexes.Count > 0) created = await ChangeAsync(className, new SchemaChange(new Dictionary<string, FieldSchema>(), [], null, false, definition.Indexes, []), cancellationToken);
        logger.LogInformation(LogEvents.SchemaChanged, "Class {Class} created", className);
        return created;
    }

    public async Task<ClassSchema> UpdateAsync(string className, SchemaChange change, RequestContext caller, CancellationToken cancellationToken)
    {
        RequireMaster(caller);
        ClassNames.Check(className);
        if (className is ClassNames.User or ClassNames.Session)
            throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"the schema of {className} is fixed on this server"] };
        var updated = await ChangeAsync(className, change, cancellationToken);
        logger.LogInformation(LogEvents.SchemaChanged, "Class {Class} changed", className);
        return updated;
    }

    /// <summary>Drops an empty class (255 while it holds objects); nothing to do for a class that does not exist.</summary>
    public async Task DeleteAsync(string className, RequestContext caller, CancellationToken cancellationToken)
    {
        RequireMaster(caller);
        ClassNames.Check(className);
        if (ClassNames.System.Contains(className))
            throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"{className} is a system class and cannot be dropped"] };
        var count = await objects.CountClassAsync(className, cancellationToken);
        if (count > 0) throw new PhoneAuthException(AuthError.ClassNotEmpty) { Args = [className, count] };
        if (await store.FindAsync(className, cancellationToken) is { } schema)
        {
            foreach (var index in schema.Indexes.Keys) await store.DropIndexAsync(className, index, cancellationToken);
            await store.DeleteAsync(className, cancellationToken);
            logger.LogInformation(LogEvents.SchemaChanged, "Class {Class} dropped", className);
        }
        schemas.Forget(className);
    }

    private async Task<ClassSchema> ChangeAsync(string className, SchemaChange change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            schemas.Forget(className);
            var current = await schemas.FindAsync(className, cancellationToken) ?? throw new PhoneAuthException(AuthError.ClassNotFound) { Args = [className] };
            var stored = SchemaService.Stored(current);
            foreach (var name in change.DeleteFields)
            {
                if (!stored.Fields.ContainsKey(name))
                    throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"Field {name} does not exist, cannot delete."] };
            }
            var fields = new Dictionary<string, FieldSchema>(stored.Fields.Where(f => !change.DeleteFields.Contains(f.Key)), StringComparer.Ordinal);
            foreach (var (name, type) in CheckNewFields(className, change.AddFields, current)) fields[name] = type;

            var indexes = new Dictionary<string, IndexSpec>(stored.Indexes, StringComparer.Ordinal);
            foreach (var name in change.DeleteIndexes)
            {
                if (!indexes.Remove(name)) throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"Index {name} does not exist, cannot delete."] };
            }
            foreach (var name in change.AddIndexes.Keys)
            {
                if (indexes.ContainsKey(name)) throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"Index {name} exists, cannot update."] };
            }
            // An index may not outlive a field it covers.
            if (indexes.FirstOrDefault(i => i.Value.Fields.Any(f => change.DeleteFields.Contains(f.Name.Split('.')[0]))) is { Key: { } covering })
                throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"Field is covered by index {covering}; delete the index first."] };

            var next = stored with
            {
                Fields = fields,
                Permissions = change.SetsPermissions ? ClassAccess.CheckPermissions(change.Permissions, fields) : stored.Permissions,
                Indexes = indexes,
                Version = current.Version + 1,
            };
            CheckIndexes(next, change.AddIndexes.Keys, change.AddIndexes);
            // Build the new indexes first: once the schema names one, queries may rely on it.
            foreach (var (name, index) in change.AddIndexes) await store.CreateIndexAsync(next, name, index, cancellationToken);
            var saved = current.Version == 0
                ? await store.CreateAsync(next with { Indexes = new Dictionary<string, IndexSpec>(indexes.Concat(change.AddIndexes)), Version = 1 }, cancellationToken)
                : await store.UpdateAsync(next with { Indexes = new Dictionary<string, IndexSpec>(indexes.Concat(change.AddIndexes)) }, current.Version, cancellationToken);
            schemas.Forget(className);
            if (saved)
            {
                foreach (var name in change.DeleteIndexes) await store.DropIndexAsync(className, name, cancellationToken);
                foreach (var name in change.DeleteFields) await store.DeleteFieldAsync(className, name, cancellationToken);
                return await schemas.FindAsync(className, cancellationToken) ?? next;
            }
            if (attempt == MaxAttempts) throw new StorageException($"The schema of {className} kept changing.", isTransient: true);
        }
    }

    /// <summary>
    /// New fields: valid names (105), not built in, not there already with another type (255). A field
    /// given again with its own type takes the options given (required, defaultValue), as in Parse Server.
    /// </summary>
    private static Dictionary<string, FieldSchema> CheckNewFields(string className, IReadOnlyDictionary<string, FieldSchema> fields, ClassSchema? existing)
    {
        var checkedFields = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var (name, type) in fields)
        {
            if (!DataFields.IsValidName(name) || DataFields.BuiltIn.Contains(name))
                throw new PhoneAuthException(AuthError.InvalidFieldName) { PublicMessage = $"invalid field name: {(name.Length <= 64 ? name : name[..64] + "…")}" };
            var current = existing?.Field(name) ?? SystemSchemas.BuiltInFields(className).GetValueOrDefault(name);
            if (current is not null && (current.Type != type.Type || current.TargetClass != type.TargetClass || SystemSchemas.BuiltInFields(className).ContainsKey(name)))
                throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"Field {name} exists, cannot update."] };
            checkedFields[name] = type;
        }
        return checkedFields;
    }

    /// <summary>An index may cover only fields the class declares (or keys inside its Object fields) and the built-in dates.</summary>
    private static void CheckIndexes(ClassSchema schema, IEnumerable<string> names, IReadOnlyDictionary<string, IndexSpec> indexes)
    {
        foreach (var name in names)
        {
            if (!DataFields.IsValidName(name)) throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"{name} is not a valid index name"] };
            foreach (var field in indexes[name].Fields)
            {
                var root = field.Name.Split('.')[0];
                var declared = schema.Field(root);
                var known = root is DataFields.CreatedAt or DataFields.UpdatedAt or DataFields.Id && !field.Name.Contains('.')
                    || (declared is not null && (!field.Name.Contains('.') || declared.Type == FieldType.Object)
                        && declared.Type is not (FieldType.Relation or FieldType.Array or FieldType.Bytes));
                if (!known) throw new PhoneAuthException(AuthError.InvalidSchemaChange) { Args = [$"Field {field.Name} does not exist, cannot add index."] };
            }
        }
    }

    private static void RequireMaster(RequestContext caller)
    {
        if (!caller.IsMaster) throw new PhoneAuthException(AuthError.MasterKeyOnly);
    }
}
