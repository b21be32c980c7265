using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Creates, updates and deletes objects of application classes (and _Role), alone or in a batch: the
/// class-level permissions and the schema are checked first; then each write runs in the store's
/// transaction on the object's current state, where its ACL, its operators, its types and its size are
/// checked on exactly what will be written. A write the ACL forbids is answered as a missing object
/// (101), so that a client cannot tell the two apart, as in Parse.
/// </summary>
public sealed class ObjectWriter(
    IObjectStore store,
    SchemaService schemas,
    ClassAccess access,
    Viewers viewers,
    ObjectReader reader,
    RecordLimits limits,
    ObjectTriggers triggers,
    TimeProvider time,
    IOptions<DataOptions> options)
{
    public async Task<CommandResult> RunAsync(DataCommand command, RequestContext caller, CancellationToken cancellationToken)
    {
        var result = (await RunAsync([command], atomic: false, caller, cancellationToken))[0];
        if (result.Error is { InnerException: CloudFunctionException own }) throw own; // a trigger's own code
        return result.Error is { } error ? throw error : result;
    }

    /// <summary>
    /// Runs every command, each on its own, or all or nothing when <paramref name="atomic"/>. A command the
    /// rules refuse before the store is reached is that command's error (and, when atomic, nothing runs).
    /// </summary>
    public async Task<IReadOnlyList<CommandResult>> RunAsync(IReadOnlyList<DataCommand> commands, bool atomic, RequestContext caller,
        CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        var results = new CommandResult?[commands.Count];
        var triggered = new ObjectTriggers.Prepared?[commands.Count];
        var prepared = new List<(int Index, ObjectWrite Write, IReadOnlySet<string> Computed)>();
        for (var i = 0; i < commands.Count; i++)
        {
            try
            {
                // beforeSave / beforeDelete first: the write checked and stored is the one the trigger left.
                triggered[i] = await BeforeAsync(commands[i], caller, cancellationToken);
                var (write, computed) = await PrepareAsync(triggered[i]!.Command, viewer, cancellationToken);
                IReadOnlySet<string> answered = triggered[i]!.ChangedByTrigger.Count == 0 ? computed : new HashSet<string>([.. computed, .. triggered[i]!.ChangedByTrigger], StringComparer.Ordinal);
                prepared.Add((i, write, answered));
            }
            catch (PhoneAuthException ex)
            {
                if (atomic) return [.. commands.Select((_, j) => new CommandResult(null, new HashSet<string>(), j == i ? ex : null))];
                results[i] = new CommandResult(null, new HashSet<string>(), ex);
            }
        }
        var outcomes = await store.WriteAsync([.. prepared.Select(p => p.Write)], atomic, cancellationToken);
        for (var k = 0; k < prepared.Count; k++)
            results[prepared[k].Index] = new CommandResult(outcomes[k].Object, prepared[k].Computed, outcomes[k].Error);
        if (commands.Any(c => c.ClassName == ClassNames.Role)) viewers.ForgetRoles();
        for (var i = 0; i < commands.Count; i++)
            if (triggered[i] is { } done) await triggers.AfterWriteAsync(done.Command, results[i]!, done.Original, caller, cancellationToken);
        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// The before-trigger of a command. A trigger's own error (its code) travels inside a command's error,
    /// for a single write, a batch item or a transaction to answer with that code.
    /// </summary>
    private async Task<ObjectTriggers.Prepared> BeforeAsync(DataCommand command, RequestContext caller, CancellationToken cancellationToken)
    {
        try
        {
            return await triggers.BeforeWriteAsync(command, caller, cancellationToken);
        }
        catch (CloudFunctionException own)
        {
            throw new PhoneAuthException(AuthError.ScriptFailed, own.Message, own) { PublicMessage = own.Message };
        }
    }

    private async Task<(ObjectWrite Write, IReadOnlySet<string> Computed)> PrepareAsync(DataCommand command, Viewer viewer, CancellationToken cancellationToken)
    {
        var className = ClassNames.Check(command.ClassName);
        if (!ClassNames.IsObjectClass(className))
            throw new PhoneAuthException(AuthError.InvalidClassName) { Args = [className] };
        ClassAccess.CheckMasterOnly(className, command is CreateCommand ? ClassAction.Create : command is DeleteCommand ? ClassAction.Delete : ClassAction.Update, viewer);
        switch (command)
        {
            case CreateCommand { Changes: var given }:
            {
                var named = Named(given);
                // The permission first: a write that may not happen adds no field to the schema.
                access.Check(await schemas.FindAsync(className, cancellationToken), ClassAction.Create, viewer);
                var schema = await schemas.PrepareWriteAsync(className, TypesOf(named), viewer, cancellationToken);
                var changes = Canonical(named);
                access.Check(schema, ClassAction.Create, viewer);
                var now = time.GetUtcNow();
                var blank = new StoredObject { ClassName = className, Id = (command as CreateCommand)?.Id ?? ObjectIds.New(), CreatedAt = now, UpdatedAt = now, Version = 1 };
                var (created, relations) = Apply(blank, changes, schema, viewer, isNew: true);
                return (new CreateObject(created, relations), Computed(changes));
            }
            case UpdateCommand update:
            {
                var named = Named(update.Changes);
                access.Check(await schemas.FindAsync(className, cancellationToken), ClassAction.Update, viewer);
                var schema = await schemas.PrepareWriteAsync(className, TypesOf(named), viewer, cancellationToken);
                var changes = Canonical(named);
                access.Check(schema, ClassAction.Update, viewer);
                return (new UpdateObject(className, update.Id, current =>
                {
                    Authorize(schema, ClassAction.Update, viewer, current);
                    var (updated, relations) = Apply(current, changes, schema, viewer, isNew: false);
                    return new ObjectUpdate(updated with { UpdatedAt = time.GetUtcNow(), Version = current.Version + 1 }, relations);
                })
                {
                    Condition = await ConditionAsync(schema, update.Where, ClassAction.Update, viewer, cancellationToken),
                }, Computed(changes));
            }
            case DeleteCommand delete:
            {
                var schema = await schemas.FindAsync(className, cancellationToken);
                access.Check(schema, ClassAction.Delete, viewer);
                return (new DeleteObject(className, delete.Id, current => Authorize(schema, ClassAction.Delete, viewer, current))
                {
                    Condition = await ConditionAsync(schema, delete.Where, ClassAction.Delete, viewer, cancellationToken),
                }, new HashSet<string>());
            }
            default:
                throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command));
        }
    }

    /// <summary>A conditional write's condition, read under a query's rules, for the store to check on the locked row; null for none.</summary>
    private async Task<WriteCondition?> ConditionAsync(ClassSchema? schema, Condition? where, string action, Viewer viewer, CancellationToken cancellationToken)
    {
        if (where is null || schema is null) return null;
        var (checkedWhere, scope) = await reader.ConditionAsync(schema, schema.ClassName, where, viewer, cancellationToken);
        return new WriteCondition(checkedWhere, scope, current => Authorize(schema, action, viewer, current));
    }

    /// <summary>A write to an object the viewer may not write is answered as a missing object, as in Parse.</summary>
    private void Authorize(ClassSchema? schema, string action, Viewer viewer, StoredObject current)
    {
        if (!Acls.CanWrite(current.Acl, viewer) || !access.MeetsPointerRestriction(schema, action, viewer, current))
            throw new PhoneAuthException(AuthError.ObjectNotFound);
    }

    /// <summary>The changes applied to <paramref name="current"/>: values in their canonical form, operators on the current values, the size checked.</summary>
    private (StoredObject Object, IReadOnlyList<RelationMembers> Relations) Apply(StoredObject current, ObjectChanges changes, ClassSchema schema, Viewer viewer, bool isNew)
    {
        var fields = (JsonObject)current.Fields.DeepClone();
        var relations = new List<RelationMembers>();
        foreach (var (name, operation) in changes.Fields)
        {
            if (operation.ItemCount > options.Value.MaxArrayLength)
                throw new PhoneAuthException(AuthError.ObjectTooLarge) { Args = [$"an operation may carry at most {options.Value.MaxArrayLength} items"] };
            // The SDK refuses to rename a saved role; Parse Server lets the master key, and so do we.
            if (schema.ClassName == ClassNames.Role && name == "name" && !isNew && !viewer.IsMaster)
                throw new PhoneAuthException(AuthError.FieldNotWritable) { Args = ["name"] };
            operation.ApplyTo(fields, name);
            relations.AddRange(RelationsOf(name, operation));
        }
        foreach (var (name, field) in schema.Fields)
        {
            if (isNew && field.DefaultValue is not null && !fields.ContainsKey(name)) fields[name] = field.DefaultValue.DeepClone();
            if (field.Required && fields[name] is null && (isNew || changes.Fields.ContainsKey(name)))
                throw new PhoneAuthException(AuthError.RequiredFieldMissing) { Args = [name] };
        }
        var acl = changes.SetsAcl ? (changes.Acl is null ? null : Acls.Check(changes.Acl)) : current.Acl;
        if (schema.ClassName == ClassNames.Role) CheckRole(fields, acl);
        limits.Check([], [fields, acl]);
        return (current with { Fields = fields, Acl = acl }, relations);
    }

    private static IEnumerable<RelationMembers> RelationsOf(string field, FieldOperation operation) => operation switch
    {
        FieldOperation.Relation relation => [new RelationMembers(field, relation.Ids, relation.Adds)],
        FieldOperation.Batch batch => batch.Operations.SelectMany(o => RelationsOf(field, o)),
        _ => [],
    };

    /// <summary>A role needs a name (unique: the database decides, 137) and an ACL, as in Parse Server.</summary>
    private static void CheckRole(JsonObject fields, JsonObject? acl)
    {
        if (!RoleNames.IsValid(ParseValues.Text(fields["name"])))
            throw new PhoneAuthException(AuthError.InvalidFieldName) { PublicMessage = "A role needs a name of 1 to 128 characters." };
        if (acl is null) throw new PhoneAuthException(AuthError.AclRequired);
    }

    /// <summary>The changes, every field name checked (105) before anything else looks at them.</summary>
    private static ObjectChanges Named(ObjectChanges changes)
    {
        foreach (var name in changes.Fields.Keys) DataFields.CheckWritable(name);
        return changes;
    }

    /// <summary>The changes with every value in its canonical form.</summary>
    private static ObjectChanges Canonical(ObjectChanges changes) => changes with
    {
        Fields = changes.Fields.ToDictionary(f => f.Key, f => Canonical(f.Value), StringComparer.Ordinal),
    };

    private static FieldOperation Canonical(FieldOperation operation) => operation switch
    {
        FieldOperation.Set set => new FieldOperation.Set(ParseValues.Canonical(set.Value)),
        FieldOperation.Add add => new FieldOperation.Add((JsonArray)ParseValues.Canonical(add.Objects)!),
        FieldOperation.AddUnique unique => new FieldOperation.AddUnique((JsonArray)ParseValues.Canonical(unique.Objects)!),
        FieldOperation.Remove remove => new FieldOperation.Remove((JsonArray)ParseValues.Canonical(remove.Objects)!),
        FieldOperation.Relation relation => relation with
        {
            TargetClass = ClassNames.Check(relation.TargetClass),
            Ids = [.. relation.Ids.Select(id => ParseValues.PointerId(ParseValues.Pointer(relation.TargetClass, id))!)],
        },
        FieldOperation.Batch batch => new FieldOperation.Batch([.. batch.Operations.Select(Canonical)]),
        _ => operation,
    };

    /// <summary>The type each changed field will have, for the schema.</summary>
    private static IReadOnlyDictionary<string, FieldSchema> TypesOf(ObjectChanges changes)
    {
        var types = new Dictionary<string, FieldSchema>(StringComparer.Ordinal);
        foreach (var (name, operation) in changes.Fields)
        {
            if (TypeOf(operation) is { } type) types[name] = type;
        }
        return types;
    }

    private static FieldSchema? TypeOf(FieldOperation operation) => operation switch
    {
        FieldOperation.Set set => ParseValues.TypeOf(set.Value),
        FieldOperation.Increment or FieldOperation.Bitwise => new FieldSchema(FieldType.Number),
        FieldOperation.Add or FieldOperation.AddUnique or FieldOperation.Remove => new FieldSchema(FieldType.Array),
        FieldOperation.Relation relation => new FieldSchema(FieldType.Relation, relation.TargetClass),
        FieldOperation.Batch batch => batch.Operations.Select(TypeOf).FirstOrDefault(t => t is not null),
        _ => null,
    };

    /// <summary>Fields whose stored value the client cannot compute itself: the results of operators.</summary>
    private static IReadOnlySet<string> Computed(ObjectChanges changes) =>
        changes.Fields.Where(f => IsComputed(f.Value)).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>Operators whose result the client cannot know; a relation's members are not answered, as in Parse Server.</summary>
    private static bool IsComputed(FieldOperation operation) => operation switch
    {
        FieldOperation.Set or FieldOperation.Delete or FieldOperation.Relation => false,
        FieldOperation.Batch batch => batch.Operations.Any(IsComputed),
        _ => true,
    };
}
