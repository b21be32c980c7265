using PhoneAuth.CloudFunctions.Options;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.CloudData;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Functions;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The triggers of application classes around the reader's and the writer's work, so that REST in every
/// dialect, batches and the data API meet the same ones: beforeSave and beforeDelete see the object and
/// may refuse or change it; afterSave and afterDelete cannot fail the write; beforeFind may change the
/// query, afterFind the results. A trigger runs only on an object the caller may write: one it may not
/// is refused by the writer (101) without a trigger ever seeing it.
/// </summary>
public sealed class ObjectTriggers(CloudFunctionRegistry registry, TriggerInvoker invoker, IObjectStore store, Viewers viewers,
    SchemaService schemas, ClassAccess access, IServiceProvider services, TimeProvider time, IOptions<DataOptions> dataOptions)
{
    /// <summary>A command with its beforeSave's changes merged in, the stored object it changes (for the after-trigger), and the fields the trigger changed.</summary>
    internal sealed record Prepared(DataCommand Command, ParseObject? Original, IReadOnlySet<string> ChangedByTrigger);

    internal async Task<Prepared> BeforeWriteAsync(DataCommand command, RequestContext caller, CancellationToken cancellationToken)
    {
        var none = new Prepared(command, null, new HashSet<string>());
        var className = command.ClassName;
        if (!ClassNames.IsValid(className) || !ClassNames.IsObjectClass(className)) return none;
        var (before, after) = command is DeleteCommand
            ? (Trigger(TriggerNames.BeforeDelete, className), Trigger(TriggerNames.AfterDelete, className))
            : (Trigger(TriggerNames.BeforeSave, className), Trigger(TriggerNames.AfterSave, className));
        if (before is null && after is null) return none;

        // The class-level permission first, as Parse Server checks it before the trigger: a write refused here never reaches one.
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        var schema = await schemas.FindAsync(className, cancellationToken);
        // A class that does not exist yet: a client's write makes it only where clients may create classes
        // (else the writer refuses it, and no trigger may see it); where they may, its triggers run as on any write.
        if (schema is null && !viewer.IsMaster && !dataOptions.Value.AllowClientClassCreation) return none;
        access.Check(schema, command switch { CreateCommand => ClassAction.Create, UpdateCommand => ClassAction.Update, _ => ClassAction.Delete }, viewer);

        ParseObject? original = null;
        if (command is UpdateCommand or DeleteCommand)
        {
            var id = command is UpdateCommand u ? u.Id : ((DeleteCommand)command).Id;
            var current = await store.FindByIdAsync(className, id, cancellationToken);
            if (current is null || !Acls.CanWrite(current.Acl, viewer)) return none;
            original = ParseObject.From(current, reader: caller);
        }
        if (before is null) return none with { Original = original };

        if (command is DeleteCommand)
        {
            await invoker.RunBeforeAsync(before, token => Request(TriggerNames.BeforeDelete, ParseObject.From(ToStored(original!)), null, caller, token), caller, fields: null, cancellationToken);
            return none with { Original = original };
        }
        var changes = command is CreateCommand c ? c.Changes : ((UpdateCommand)command).Changes;
        var draft = (original is null ? new ParseObject(className) : ParseObject.From(ToStored(original))).WithChangesApplied(changes);
        var shown = (JsonObject)draft.Fields.DeepClone();
        await invoker.RunBeforeAsync(before, token => Request(TriggerNames.BeforeSave, draft, original, caller, token), caller, r => r.Object.Fields, cancellationToken);
        var (merged, changed) = Merge(changes, shown, draft);
        DataCommand rewritten = command switch
        {
            CreateCommand create => create with { Changes = merged },
            UpdateCommand update => update with { Changes = merged },
            _ => command,
        };
        return new Prepared(rewritten, original, changed);
    }

    internal async Task AfterWriteAsync(DataCommand command, CommandResult result, ParseObject? original, RequestContext caller, CancellationToken cancellationToken)
    {
        if (result.Error is not null || !ClassNames.IsObjectClass(command.ClassName)) return;
        if (command is DeleteCommand)
        {
            if (original is null || Trigger(TriggerNames.AfterDelete, command.ClassName) is not { } deleted) return;
            await invoker.RunAfterAsync(deleted, token => Request(TriggerNames.AfterDelete, original, null, caller, token), caller, cancellationToken);
            return;
        }
        if (result.Object is null || Trigger(TriggerNames.AfterSave, command.ClassName) is not { } saved) return;
        await invoker.RunAfterAsync(saved, token => Request(TriggerNames.AfterSave, ParseObject.From(result.Object, reader: caller), original, caller, token), caller, cancellationToken);
    }

    /// <summary>The query a beforeFind left (on the same class), or the query itself when the class has none.</summary>
    internal async Task<ObjectQuery> BeforeFindAsync(ObjectQuery query, bool isGet, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!ClassNames.IsValid(query.ClassName) || Trigger(TriggerNames.BeforeFind, query.ClassName) is not { } trigger) return query;
        FindTriggerRequest? request = null;
        await invoker.RunBeforeAsync(trigger, token => request = FindRequest(TriggerNames.BeforeFind, query, isGet, [], caller, token), caller, fields: null, cancellationToken);
        return request!.Query.Query with { ClassName = query.ClassName };
    }

    /// <summary>The page as an afterFind left it: its objects changed, removed or reordered.</summary>
    internal async Task<FoundPage> AfterFindAsync(ObjectQuery query, FoundPage page, bool isGet, RequestContext caller, CancellationToken cancellationToken)
    {
        if (Trigger(TriggerNames.AfterFind, query.ClassName) is not { } trigger) return page;
        FindTriggerRequest? request = null;
        var objects = page.Objects.Select(o => ParseObject.From(o.Object, o.Included, caller)).ToList();
        await invoker.RunBeforeAsync(trigger, token => request = FindRequest(TriggerNames.AfterFind, query, isGet, objects, caller, token), caller, fields: null, cancellationToken);
        var now = time.GetUtcNow();
        // What the trigger left: objects of the class queried (nulls and strangers dropped).
        return new FoundPage([.. request!.Objects.Where(o => o is not null && o.ClassName == query.ClassName).Select(o => o.ToFound(now))], page.Count);
    }

    private TriggerDefinition? Trigger(string name, string className) => registry.Trigger(name, className);

    private ObjectTriggerRequest Request(string name, ParseObject obj, ParseObject? original, RequestContext caller, CancellationToken token) => new()
    {
        TriggerName = name, Object = obj, Original = original, Caller = caller, CancellationToken = token, Data = DataFor(caller),
    };

    private FindTriggerRequest FindRequest(string name, ObjectQuery query, bool isGet, List<ParseObject> objects, RequestContext caller, CancellationToken token)
    {
        var data = DataFor(caller);
        return new()
        {
            TriggerName = name, ClassName = query.ClassName, Query = data.Query(query.ClassName).Replace(query), IsGet = isGet, Count = query.Count,
            Objects = objects, Caller = caller, CancellationToken = token, Data = data,
        };
    }

    // Resolved when a trigger runs: the data API writes through the writer, which runs these triggers.
    private CloudData.CloudData DataFor(RequestContext caller) =>
        ((CloudDataService)services.GetService(typeof(CloudDataService))!).For(caller);

    private static StoredObject ToStored(ParseObject obj) => obj.ToFound(obj.CreatedAt ?? default).Object;

    /// <summary>
    /// The client's changes with the trigger's on top: an operator the trigger added to a field the client
    /// changed runs after the client's (two increments add up); a set or unset replaces it; a field the
    /// trigger changed in place (a validator's default) is set to its new value.
    /// </summary>
    private static (ObjectChanges Changes, IReadOnlySet<string> Changed) Merge(ObjectChanges given, JsonObject shown, ParseObject draft)
    {
        var fields = new Dictionary<string, FieldOperation>(given.Fields, StringComparer.Ordinal);
        var changed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, operation) in draft.Changes)
        {
            fields[name] = operation is FieldOperation.Set or FieldOperation.Delete || !given.Fields.TryGetValue(name, out var first)
                ? operation
                : new FieldOperation.Batch([first, operation]);
            changed.Add(name);
        }
        foreach (var name in shown.Select(f => f.Key).Concat(draft.Fields.Select(f => f.Key)).Distinct().ToList())
        {
            if (changed.Contains(name) || JsonNode.DeepEquals(shown[name], draft.Fields[name])) continue;
            fields[name] = draft.Fields[name] is { } value ? new FieldOperation.Set(value.DeepClone()) : new FieldOperation.Delete();
            changed.Add(name);
        }
        var acl = draft.AclChanged ? (draft.Acl, true) : (given.Acl, given.SetsAcl);
        return (new ObjectChanges(fields, acl.Item1, acl.Item2), changed);
    }
}
