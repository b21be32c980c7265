using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The classes' schemas: read through a short cache (a change made on another process is seen within
/// <see cref="DataOptions.CacheTtl"/>), created on a first write when allowed, and grown by the fields
/// a write brings. Every change is conditional on the version read, so a race between two processes
/// adding one field ends with one type, and the loser's write is refused with 111.
/// </summary>
public sealed class SchemaService(ISchemaStore store, ClassAccess access, TimeProvider time, IOptions<DataOptions> options, ILogger<SchemaService> logger)
{
    private const int MaxAttempts = 5;
    private readonly ConcurrentDictionary<string, (ClassSchema? Schema, long LoadedAt)> _cache = new(StringComparer.Ordinal);

    /// <summary>The class's schema (with the system classes' built-in fields), or null when it does not exist.</summary>
    public async Task<ClassSchema?> FindAsync(string className, CancellationToken cancellationToken)
    {
        if (className is ClassNames.User or ClassNames.Session) return SystemSchema(className);
        if (_cache.TryGetValue(className, out var cached) && time.GetElapsedTime(cached.LoadedAt) < options.Value.CacheTtl) return cached.Schema;
        // _Role always exists, as in Parse Server; its schema is stored once a custom field is added (version 0 until then).
        var schema = WithBuiltIns(await store.FindAsync(className, cancellationToken)) ?? (className == ClassNames.Role ? SystemSchema(className) : null);
        _cache[className] = (schema, time.GetTimestamp());
        return schema;
    }

    /// <summary>
    /// The schema a write to <paramref name="className"/> with fields of <paramref name="types"/> needs:
    /// the class is created when it is missing (the master key, or Data:AllowClientClassCreation), new
    /// fields are added (when the class-level permissions allow addField), and a value of another type
    /// than its field's is refused (111).
    /// </summary>
    public async Task<ClassSchema> PrepareWriteAsync(string className, IReadOnlyDictionary<string, FieldSchema> types, Viewer viewer,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var schema = await FindAsync(className, cancellationToken);
            if (schema is null)
            {
                if (!viewer.IsMaster && !options.Value.AllowClientClassCreation)
                    throw new PhoneAuthException(AuthError.ClassCreationForbidden) { Args = [className] };
                if (!await store.CreateAsync(new ClassSchema { ClassName = className, Version = 1 }, cancellationToken)) Forget(className);
                else logger.LogInformation(LogEvents.SchemaChanged, "Class {Class} created by its first write", className);
                Forget(className);
                continue;
            }
            var missing = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
            foreach (var (field, type) in types)
            {
                if (schema.Field(field) is { } declared)
                {
                    if (!Fits(declared, type))
                        throw new PhoneAuthException(AuthError.SchemaMismatch) { Args = [className, field, Describe(declared), Describe(type)] };
                }
                else if (IsMalformedRelation(type))
                    throw new PhoneAuthException(AuthError.IncorrectType) { Args = [$"The relation operation on {field} takes pointers to objects of one class."] };
                else missing[field] = type;
            }
            if (missing.Count == 0) return schema;
            access.Check(schema, ClassAction.AddField, viewer);
            var grown = schema with
            {
                Fields = new Dictionary<string, FieldSchema>(Stored(schema).Fields.Concat(missing), StringComparer.Ordinal),
                Version = schema.Version + 1,
            };
            var saved = schema.Version == 0
                ? await store.CreateAsync(Stored(grown) with { Version = 1 }, cancellationToken)
                : await store.UpdateAsync(Stored(grown), schema.Version, cancellationToken);
            Forget(className);
            if (saved) return WithBuiltIns(grown)!;
            if (attempt == MaxAttempts) throw new StorageException($"The schema of {className} kept changing.", isTransient: true);
        }
    }

    /// <summary>What a query may see: the viewer, and the schemas of every class it names (its sub-queries' classes checked for find).</summary>
    public async Task<QueryScope> ScopeAsync(ObjectQuery query, Viewer viewer, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, ClassSchema>(StringComparer.Ordinal);
        foreach (var className in ClassesOf(query).Distinct(StringComparer.Ordinal))
        {
            var schema = await FindAsync(ClassNames.Check(className), cancellationToken);
            if (className != query.ClassName) access.Check(schema, ClassAction.Find, viewer);
            if (schema is not null) found[className] = schema;
        }
        return new QueryScope(viewer, found);
    }

    private static IEnumerable<string> ClassesOf(ObjectQuery query) => ClassesOf(query.Where).Prepend(query.ClassName);

    private static IEnumerable<string> ClassesOf(Condition condition) => condition switch
    {
        AllOf all => all.Parts.SelectMany(ClassesOf),
        AnyOf any => any.Parts.SelectMany(ClassesOf),
        NoneOf none => none.Parts.SelectMany(ClassesOf),
        MatchesQuery inner => ClassesOf(inner.Inner),
        MatchesKeyInQuery inner => ClassesOf(inner.Inner),
        RelatedTo related => [related.ClassName],
        _ => [],
    };

    /// <summary>Drops the cached copy, after a change made here.</summary>
    public void Forget(string className) => _cache.TryRemove(className, out _);

    /// <summary>Pointers and relations fit only their own class; every other type only itself.</summary>
    private static bool Fits(FieldSchema declared, FieldSchema value) =>
        declared.Type == value.Type && (declared.TargetClass is null || value.TargetClass is null || declared.TargetClass == value.TargetClass);

    /// <summary>A relation operation whose objects were no pointers to one class: it fits no field.</summary>
    private static bool IsMalformedRelation(FieldSchema type) => type is { Type: FieldType.Relation, TargetClass: "" };

    /// <summary>Parse's words for a type in a mismatch message: "Number", "Pointer&lt;_User&gt;".</summary>
    public static string Describe(FieldSchema type) => type.ToString();

    private static ClassSchema SystemSchema(string className) =>
        new() { ClassName = className, Fields = SystemSchemas.BuiltInFields(className) };

    /// <summary>A stored schema with the system class's built-in fields added (they are not stored).</summary>
    private static ClassSchema? WithBuiltIns(ClassSchema? schema) =>
        schema is null || SystemSchemas.BuiltInFields(schema.ClassName).Count == 0 ? schema
        : schema with { Fields = new Dictionary<string, FieldSchema>(SystemSchemas.BuiltInFields(schema.ClassName).Concat(schema.Fields.Where(f => !SystemSchemas.BuiltInFields(schema.ClassName).ContainsKey(f.Key))), StringComparer.Ordinal) };

    /// <summary>The schema as stored: without the built-in fields.</summary>
    internal static ClassSchema Stored(ClassSchema schema) =>
        schema with { Fields = schema.Fields.Where(f => !SystemSchemas.BuiltInFields(schema.ClassName).ContainsKey(f.Key)).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal) };
}
