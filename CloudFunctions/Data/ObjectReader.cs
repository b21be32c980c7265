using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Reads objects of application classes (and _Role) as a viewer may: class-level permissions first,
/// then the query, filtered by the objects' ACLs in the database, then protected and unrequested
/// fields removed, then pointers replaced by their objects (include), read with the same rights.
/// </summary>
public sealed class ObjectReader(
    IObjectStore store,
    SchemaService schemas,
    ClassAccess access,
    Viewers viewers,
    QueryGuard guard,
    IncludedUsers users,
    ObjectTriggers triggers,
    IOptions<DataOptions> options)
{
    /// <summary>
    /// GET /classes/{class}/{id}: one object, or 101 when it is missing or the viewer may not read it;
    /// only the fields of <c>keys</c> when given, less those of <c>excludeKeys</c> (LeanCloud's keys=-field).
    /// </summary>
    public async Task<FoundObject> GetAsync(string className, string id, IReadOnlyList<string> include, IReadOnlySet<string>? keys,
        RequestContext caller, CancellationToken cancellationToken, IReadOnlySet<string>? excludeKeys = null)
    {
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        var query = new ObjectQuery
        {
            ClassName = className, Where = new Comparison(FieldPath.Of(DataFields.Id), Comparator.Equal, JsonValue.Create(id)), Limit = 1,
            Include = include, Keys = keys, ExcludeKeys = excludeKeys,
        };
        query = await triggers.BeforeFindAsync(query, isGet: true, caller, cancellationToken);
        var page = await FindAsync(query, ClassAction.Get, viewer, cancellationToken);
        page = await triggers.AfterFindAsync(query, page, isGet: true, caller, cancellationToken);
        return page.Objects.FirstOrDefault() ?? throw new PhoneAuthException(AuthError.ObjectNotFound);
    }

    /// <summary>
    /// An object just written, as its writer may see it: null when a get by the writer would not find it
    /// (its ACL, the class's get permission or its pointer permissions: one may write what one may not
    /// read), else without the fields protected from it. LeanCloud's fetchWhenSave answers the whole
    /// object, which must not show more than a read would.
    /// </summary>
    public async Task<StoredObject?> AsSeenByAsync(StoredObject written, RequestContext caller, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        var schema = await schemas.FindAsync(written.ClassName, cancellationToken);
        if (!Acls.CanRead(written.Acl, viewer) || !access.Allows(schema, ClassAction.Get, viewer)
            || !access.MeetsPointerRestriction(schema, ClassAction.Get, viewer, written)) return null;
        return schema is null ? written : Project(written, new ObjectQuery { ClassName = written.ClassName }, schema, access.ProtectedFields(schema, viewer, written));
    }

    /// <summary>
    /// The class a relation field of <paramref name="className"/> holds (the SDK's redirectClassNameForKey,
    /// for a relation whose target it does not know); the class itself when the field is not a relation.
    /// </summary>
    public async Task<string> RelationTargetAsync(string className, string key, CancellationToken cancellationToken)
    {
        var schema = await schemas.FindAsync(ClassNames.Check(className), cancellationToken);
        return schema?.Field(key) is { Type: FieldType.Relation, TargetClass: { } target } ? target : className;
    }

    /// <summary>GET /classes/{class}: the objects the viewer may read, with the count when asked for (count=1, limit=0 counts only).</summary>
    public async Task<FoundPage> FindAsync(ObjectQuery query, RequestContext caller, CancellationToken cancellationToken)
    {
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        query = await triggers.BeforeFindAsync(query, isGet: false, caller, cancellationToken);
        var page = await FindAsync(query, query.Count && query.Limit == 0 ? ClassAction.Count : ClassAction.Find, viewer, cancellationToken);
        return await triggers.AfterFindAsync(query, page, isGet: false, caller, cancellationToken);
    }

    internal async Task<FoundPage> FindAsync(ObjectQuery query, string action, Viewer viewer, CancellationToken cancellationToken)
    {
        // _User and _Session have readers of their own; a relation redirected to one of them is not read here.
        if (!ClassNames.IsObjectClass(ClassNames.Check(query.ClassName))) throw new PhoneAuthException(AuthError.InvalidClassName) { Args = [query.ClassName] };
        ClassAccess.CheckMasterOnly(query.ClassName, action, viewer);
        guard.Check(query);
        query = Users.UserPrivacy.Restrict(query, viewer);
        var schema = await schemas.FindAsync(query.ClassName, cancellationToken);
        access.Check(schema, action, viewer);
        if (schema is null)
        {
            // As Parse Server: a client may not even read a class that does not exist, unless it could create it.
            if (!viewer.IsMaster && !options.Value.AllowClientClassCreation)
                throw new PhoneAuthException(AuthError.ClassCreationForbidden) { Args = [query.ClassName] };
            return new FoundPage([], query.Count ? 0 : null);
        }

        CheckProtected(query, schema, viewer);
        var scope = await schemas.ScopeAsync(query, viewer, cancellationToken);
        var where = access.PointerRestriction(schema, action, viewer) is { } restriction ? new AllOf([query.Where, restriction]) : query.Where;
        var limited = query with { Where = where, Limit = Math.Clamp(query.Limit, 0, options.Value.MaxQueryLimit), Skip = Math.Max(0, query.Skip) };
        var page = await store.FindAsync(limited, scope, cancellationToken);

        var objects = page.Objects.Select(o => Project(o, query, schema, access.ProtectedFields(schema, viewer, o))).ToList();
        var found = await IncludeAsync(objects, query.Include, viewer, cancellationToken);
        return new FoundPage(found, page.Count);
    }

    /// <summary>
    /// The condition of a conditional write (LeanCloud's where on an update or a delete) under the rules a
    /// query by the same viewer meets: its bounds, users' privacy in sub-queries, protected fields, and the
    /// schemas of every class it names, for the store to check on the row it writes.
    /// </summary>
    internal async Task<(Condition Where, QueryScope Scope)> ConditionAsync(ClassSchema? schema, string className, Condition where, Viewer viewer,
        CancellationToken cancellationToken)
    {
        // A condition is a query on the object: who may not get it may not ask about it (119), and pointer
        // permissions on get narrow it as they narrow a get, or a 305 against a 200 would read the object.
        access.Check(schema, ClassAction.Get, viewer);
        if (access.PointerRestriction(schema, ClassAction.Get, viewer) is { } restriction) where = new AllOf([where, restriction]);
        var query = new ObjectQuery { ClassName = className, Where = where, Limit = 1 };
        guard.Check(query);
        query = Users.UserPrivacy.Restrict(query, viewer);
        if (schema is not null) CheckProtected(query, schema, viewer);
        return (query.Where, await schemas.ScopeAsync(query, viewer, cancellationToken));
    }

    /// <summary>A protected field cannot be queried or sorted by (119), or a match would tell its value.</summary>
    private void CheckProtected(ObjectQuery query, ClassSchema schema, Viewer viewer)
    {
        var hidden = access.ProtectedFields(schema, viewer);
        if (ConditionPaths.Of(query.Where).Concat(query.Order.Select(k => k.Path)).FirstOrDefault(p => hidden.Contains(p.Field)) is { } protectedPath)
            throw new PhoneAuthException(AuthError.ProtectedFieldQueried) { Args = [protectedPath.Field, query.ClassName] };
    }

    /// <summary>
    /// Only the requested fields (keys, where "stats.wins" keeps that key of an Object field; excludeKeys),
    /// never the protected ones; and every relation field the schema declares, as its stub
    /// ({"__type":"Relation","className":…}), since its members live apart, as Parse Server answers.
    /// </summary>
    private static StoredObject Project(StoredObject obj, ObjectQuery query, ClassSchema schema, IReadOnlySet<string> hidden)
    {
        var relations = schema.Fields.Where(f => f.Value.Type == FieldType.Relation && !obj.Fields.ContainsKey(f.Key)).ToList();
        if (query.Keys is null && query.ExcludeKeys is null && hidden.Count == 0 && relations.Count == 0) return obj;
        var all = (JsonObject)obj.Fields.DeepClone();
        foreach (var (name, field) in relations) all[name] = new JsonObject { ["__type"] = "Relation", ["className"] = field.TargetClass };
        var fields = new JsonObject();
        foreach (var (name, value) in all)
        {
            if (hidden.Contains(name) || query.ExcludeKeys?.Contains(name) == true) continue;
            if (query.Keys is not { } keys || keys.Contains(name))
            {
                fields[name] = value?.DeepClone();
                continue;
            }
            var nested = keys.Where(k => k.StartsWith(name + ".", StringComparison.Ordinal)).Select(k => k[(name.Length + 1)..].Split('.')).ToList();
            if (nested.Count > 0 && value is JsonObject inner) fields[name] = Select(inner, nested);
        }
        return obj with { Fields = fields };
    }

    /// <summary>The keys of an Object value that dotted keys name, at every depth.</summary>
    private static JsonObject Select(JsonObject value, IReadOnlyList<string[]> paths)
    {
        var kept = new JsonObject();
        foreach (var group in paths.GroupBy(p => p[0]))
        {
            if (value[group.Key] is not { } child) continue;
            var deeper = group.Where(p => p.Length > 1).Select(p => p[1..]).ToList();
            kept[group.Key] = deeper.Count == group.Count() && child is JsonObject childObject ? Select(childObject, deeper) : child.DeepClone();
        }
        return kept;
    }

    /// <summary>
    /// The objects that replace pointer fields (include) of records that are not application objects
    /// (users found by a query), read with the caller's rights: for each record, by field name.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<FoundItem>>>> IncludeAsync(IReadOnlyList<JsonObject> records,
        IReadOnlyList<string> include, RequestContext caller, CancellationToken cancellationToken)
    {
        if (include.Count == 0) return [.. records.Select(_ => (IReadOnlyDictionary<string, IReadOnlyList<FoundItem>>)new Dictionary<string, IReadOnlyList<FoundItem>>())];
        var viewer = await viewers.ForAsync(caller, cancellationToken);
        return await IncludedAsync(records, include, viewer, cancellationToken);
    }

    private async Task<IReadOnlyList<FoundObject>> IncludeAsync(IReadOnlyList<StoredObject> objects, IReadOnlyList<string> include, Viewer viewer,
        CancellationToken cancellationToken)
    {
        var included = await IncludedAsync([.. objects.Select(o => o.Fields)], include, viewer, cancellationToken);
        return [.. objects.Select((o, i) => new FoundObject(o, included[i]))];
    }

    /// <summary>
    /// For each record, the objects its pointer fields name (include), level by level: one query per
    /// field and target class (in chunks of at most a page), under the viewer's rights: an object it may
    /// not read is not found. "*" includes every pointer field.
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<FoundItem>>>> IncludedAsync(IReadOnlyList<JsonObject> records,
        IReadOnlyList<string> include, Viewer viewer, CancellationToken cancellationToken)
    {
        var paths = include.Contains("*")
            ? [.. records.SelectMany(r => r.Where(f => Pointers(f.Value).Any()).Select(f => f.Key)).Distinct(), .. include.Where(p => p != "*")]
            : include;
        var byField = paths.Select(p => p.Split('.', 2)).GroupBy(p => p[0], p => p.Length > 1 ? p[1] : null).ToList();
        var included = records.Select(_ => new Dictionary<string, IReadOnlyList<FoundItem>>(StringComparer.Ordinal)).ToList();
        var chunk = Math.Min(options.Value.MaxQueryLimit, options.Value.MaxInValues);
        foreach (var field in byField)
        {
            var deeper = field.OfType<string>().Distinct().ToList();
            // Each record's pointers in this field, read once.
            var pointers = records.Select(r => Pointers(r[field.Key]).ToList()).ToList();
            var targets = pointers.SelectMany(p => p).GroupBy(p => p.ClassName, p => p.Id);
            var loaded = new Dictionary<(string, string), FoundItem>();
            foreach (var target in targets)
            {
                foreach (var ids in target.Distinct().Chunk(chunk))
                {
                    if (target.Key == ClassNames.User)
                    {
                        foreach (var user in await users.FindAsync(ids, viewer, cancellationToken)) loaded[(target.Key, user.Id)] = new FoundUser(user);
                        continue;
                    }
                    if (!ClassNames.IsObjectClass(target.Key)) continue;
                    var inner = new ObjectQuery
                    {
                        ClassName = target.Key, Where = new InList(FieldPath.Of(DataFields.Id), [.. ids.Select(id => (JsonNode?)JsonValue.Create(id))], Negated: false),
                        Limit = ids.Length, Include = deeper,
                    };
                    FoundPage page;
                    try
                    {
                        page = await FindAsync(inner, ClassAction.Get, viewer, cancellationToken);
                    }
                    catch (PhoneAuthException ex) when (ex.Error == AuthError.ClassCreationForbidden)
                    {
                        continue; // a pointer to a class that does not exist stays a pointer
                    }
                    foreach (var found in page.Objects) loaded[(target.Key, found.Object.Id)] = found;
                }
            }
            for (var i = 0; i < records.Count; i++)
            {
                // Every included field is answered, with what was found: a pointer whose object is gone or unreadable is dropped, as in Parse Server.
                if (pointers[i].Count == 0) continue;
                included[i][field.Key] = pointers[i].Select(p => loaded.GetValueOrDefault((p.ClassName, p.Id))).OfType<FoundItem>().ToList();
            }
        }
        return included;
    }

    /// <summary>The pointers a field holds: itself, or the items of an array of pointers.</summary>
    private static IEnumerable<(string ClassName, string Id)> Pointers(JsonNode? value) => value switch
    {
        JsonObject pointer when ParseValues.Text(pointer["__type"]) == "Pointer" && ParseValues.Text(pointer["className"]) is { } className
            && ParseValues.PointerId(pointer) is { } id && ClassNames.IsValid(className) => [(className, id)],
        JsonArray list => list.SelectMany(Pointers),
        _ => [],
    };
}
