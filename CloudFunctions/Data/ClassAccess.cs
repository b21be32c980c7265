using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>The actions class-level permissions govern, as Parse names them.</summary>
public static class ClassAction
{
    public const string Find = "find";
    public const string Count = "count";
    public const string Get = "get";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
    public const string AddField = "addField";

    public static readonly IReadOnlyList<string> All = [Find, Count, Get, Create, Update, Delete, AddField];

    public static bool IsRead(string action) => action is Find or Count or Get;
}

/// <summary>
/// Class-level permissions, with Parse Server's semantics, in one place every read and write passes.
/// Per action: "*", a user id, "role:Name" or "requiresAuthentication" grant it; otherwise pointer
/// permissions (pointerFields, readUserFields, writeUserFields) may let it through, restricted to the
/// objects whose pointer fields name the user. protectedFields hide fields from some viewers.
/// </summary>
public sealed class ClassAccess
{
    /// <summary>Refuses the action (119, or 101 when only a login is missing), unless some rule grants it.</summary>
    public void Check(ClassSchema? schema, string action, Viewer viewer)
    {
        if (viewer.IsMaster || Rules(schema, action) is not { } rules || Grants(rules, viewer)) return;
        if (Flag(rules["requiresAuthentication"]))
        {
            if (viewer.UserId is null) throw new PhoneAuthException(AuthError.AuthenticationRequired);
            return;
        }
        if (action == ClassAction.Create && UserFields(schema, action).Count > 0)
            throw new PhoneAuthException(AuthError.ActionForbidden) { Args = [action, schema!.ClassName] };
        // Pointer permissions let the action through, to the objects whose pointer fields name the viewer (none for nobody).
        if (PointerFields(schema, action).Count > 0) return;
        throw new PhoneAuthException(AuthError.ActionForbidden) { Args = [action, schema?.ClassName ?? ""] };
    }

    /// <summary>Whether <see cref="Check"/> lets the action through (for the pointer permissions, see <see cref="MeetsPointerRestriction"/>).</summary>
    public bool Allows(ClassSchema? schema, string action, Viewer viewer)
    {
        if (viewer.IsMaster || Rules(schema, action) is not { } rules || Grants(rules, viewer)) return true;
        if (Flag(rules["requiresAuthentication"])) return viewer.UserId is not null;
        return action != ClassAction.Create && PointerFields(schema, action).Count > 0;
    }

    /// <summary>
    /// Refuses a client any action on a class only the master key may use (_JobStatus), with Parse Server's
    /// 119 "Clients aren't allowed to perform the find operation on the _JobStatus collection.".
    /// </summary>
    public static void CheckMasterOnly(string className, string action, Viewer viewer)
    {
        if (viewer.IsMaster || !ClassNames.IsMasterOnly(className)) return;
        var method = ClassAction.IsRead(action) ? ClassAction.Find : action;
        throw new PhoneAuthException(AuthError.ActionForbidden)
        {
            Args = [action, className], PublicMessage = $"Clients aren't allowed to perform the {method} operation on the {className} collection.",
        };
    }

    /// <summary>
    /// When only pointer permissions let the viewer act, the condition the objects must meet: one of the
    /// pointer fields names the viewer. Null when the viewer may act on every object.
    /// </summary>
    public Condition? PointerRestriction(ClassSchema? schema, string action, Viewer viewer)
    {
        if (viewer.IsMaster || Rules(schema, action) is not { } rules || Grants(rules, viewer) || Flag(rules["requiresAuthentication"])) return null;
        var fields = PointerFields(schema, action);
        if (fields.Count == 0) return null;
        if (viewer.UserId is null) return new AnyOf([]);
        var me = ParseValues.Pointer(ClassNames.User, viewer.UserId);
        return new AnyOf([.. fields.Select(field => (Condition)new Comparison(FieldPath.Of(field), Comparator.Equal, me.DeepClone()))]);
    }

    /// <summary>Whether <paramref name="obj"/> meets the pointer restriction (writes check the stored object).</summary>
    public bool MeetsPointerRestriction(ClassSchema? schema, string action, Viewer viewer, StoredObject obj)
    {
        if (PointerRestriction(schema, action, viewer) is null) return true;
        return viewer.UserId is { } me && PointerFields(schema, action).Any(field => Names(obj.Fields[field], me));
    }

    /// <summary>
    /// The fields hidden from <paramref name="viewer"/>: for every protectedFields entry the viewer
    /// matches ("*", its id, its roles, "authenticated", and "userField:f" when <paramref name="obj"/>'s
    /// pointer field f names it), the fields listed, intersected, as Parse Server does.
    /// </summary>
    public IReadOnlySet<string> ProtectedFields(ClassSchema? schema, Viewer viewer, StoredObject? obj = null)
    {
        if (viewer.IsMaster || schema?.Permissions?["protectedFields"] is not JsonObject protectedFields) return new HashSet<string>();
        var entities = viewer.AclEntities.Concat(viewer.UserId is null ? [] : ["authenticated"]);
        if (obj is not null && viewer.UserId is { } me)
        {
            entities = entities.Concat(protectedFields.Select(p => p.Key)
                .Where(k => k.StartsWith("userField:", StringComparison.Ordinal) && Names(obj.Fields[k[10..]], me)));
        }
        HashSet<string>? hidden = null;
        foreach (var entity in entities)
        {
            if (protectedFields[entity] is not JsonArray list) continue;
            var fields = list.Select(ParseValues.Text).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (hidden is null) hidden = fields;
            else hidden.IntersectWith(fields);
        }
        return hidden ?? [];
    }

    private static bool Names(JsonNode? value, string userId) =>
        ParseValues.PointerId(value) == userId || (value is JsonArray list && list.Any(item => ParseValues.PointerId(item) == userId));

    /// <summary>
    /// Class-level permissions as /schemas sets them, checked as Parse Server checks them (107 naming the
    /// fault): each action maps entities ("*", a user id, "role:Name", "requiresAuthentication",
    /// "authenticated") to true and may list pointerFields; readUserFields and writeUserFields list pointer
    /// fields to users; protectedFields maps entities (also "userField:field") to fields the class has.
    /// An action left out is closed to clients (stored as {}), as in Parse Server. Null stays null: the
    /// default, where everyone may do everything.
    /// </summary>
    public static JsonObject? CheckPermissions(JsonObject? permissions, IReadOnlyDictionary<string, FieldSchema> fields)
    {
        if (permissions is null) return null;
        var copy = new JsonObject();
        foreach (var (key, value) in permissions)
        {
            if (ClassAction.All.Contains(key))
            {
                if (value is not JsonObject rules) throw InvalidPermissions($"'{Show(value)}' is not a valid value for class level permissions {key} - must be an object");
                var rule = new JsonObject();
                foreach (var (entity, grant) in rules)
                {
                    if (entity == "pointerFields")
                    {
                        rule[entity] = PointerFieldList(grant, fields, key, $"'{Show(grant)}' is not a valid value for {key}[{entity}] - expected an array.");
                        continue;
                    }
                    if (!IsEntity(entity) && entity is not ("authenticated" or "requiresAuthentication"))
                        throw InvalidPermissions($"'{entity}' is not a valid key for class level permissions");
                    rule[entity] = Flag(grant) ? true : throw InvalidPermissions($"'{Show(grant)}' is not a valid value for class level permissions acl {key}:{entity}");
                }
                copy[key] = rule;
            }
            else if (key is "readUserFields" or "writeUserFields")
                copy[key] = PointerFieldList(value, fields, key, $"'{Show(value)}' is not a valid value for class level permissions {key} - must be an array");
            else if (key == "protectedFields")
            {
                if (value is not JsonObject byEntity) throw InvalidPermissions($"'{Show(value)}' is not a valid value for class level permissions {key} - must be an object");
                var hidden = new JsonObject();
                foreach (var (entity, list) in byEntity)
                {
                    if (!IsEntity(entity) && entity != "authenticated" && !(entity.StartsWith("userField:", StringComparison.Ordinal) && DataFields.IsValidName(entity[10..])))
                        throw InvalidPermissions($"'{entity}' is not a valid key for class level permissions");
                    if (list is not JsonArray names) throw InvalidPermissions($"'{Show(list)}' is not a valid value for protectedFields[{entity}] - expected an array.");
                    foreach (var name in names)
                    {
                        if (ParseValues.Text(name) is not { } field || !(fields.ContainsKey(field) || DataFields.BuiltIn.Contains(field)))
                            throw InvalidPermissions($"Field '{Show(name)}' in protectedFields:{entity} does not exist");
                    }
                    hidden[entity] = names.DeepClone();
                }
                copy[key] = hidden;
            }
            else throw InvalidPermissions($"{key} is not a valid operation for class level permissions");
        }
        foreach (var action in ClassAction.All) copy[action] ??= new JsonObject();
        copy["protectedFields"] ??= new JsonObject();
        return copy;
    }

    private static bool IsEntity(string entity) =>
        entity == "*" || (entity.StartsWith("role:", StringComparison.Ordinal) && RoleNames.IsValid(entity[5..]))
        || (entity.Length is > 0 and <= 64 && entity.All(char.IsAsciiLetterOrDigit));

    /// <summary>Fields that point to users (or arrays of them), as pointer permissions need.</summary>
    private static JsonArray PointerFieldList(JsonNode? value, IReadOnlyDictionary<string, FieldSchema> fields, string action, string notAList)
    {
        if (value is not JsonArray list || list.Count > 100) throw InvalidPermissions(notAList);
        foreach (var item in list)
        {
            var name = ParseValues.Text(item);
            if (name is null || fields.GetValueOrDefault(name) is not { } field
                || !(field is { Type: FieldType.Pointer, TargetClass: ClassNames.User } || field.Type == FieldType.Array))
                throw InvalidPermissions($"'{Show(item)}' is not a valid column for class level pointer permissions {action}");
        }
        return (JsonArray)list.DeepClone();
    }

    private static string Show(JsonNode? value)
    {
        var text = ParseValues.Text(value) ?? value?.ToJsonString() ?? "null";
        return text.Length <= 64 ? text : text[..64] + "…";
    }

    private static PhoneAuthException InvalidPermissions(string what) => new(AuthError.InvalidJson) { PublicMessage = what };

    /// <summary>The action's rules; null for a class without permissions (open). An action its permissions leave out is closed.</summary>
    private static JsonObject? Rules(ClassSchema? schema, string action) =>
        schema?.Permissions is not { } permissions ? null : permissions[action] as JsonObject ?? [];

    private static bool Grants(JsonObject rules, Viewer viewer) =>
        viewer.AclEntities.Any(entity => Flag(rules[entity])) || (viewer.UserId is not null && Flag(rules["authenticated"]));

    /// <summary>The pointer fields that may let a viewer act: the action's pointerFields, then readUserFields or writeUserFields.</summary>
    private static List<string> PointerFields(ClassSchema? schema, string action)
    {
        var fields = new List<string>();
        if (Rules(schema, action)?["pointerFields"] is JsonArray own) fields.AddRange(own.Select(ParseValues.Text).OfType<string>());
        fields.AddRange(UserFields(schema, action));
        return [.. fields.Where(DataFields.IsValidName).Distinct(StringComparer.Ordinal)];
    }

    private static List<string> UserFields(ClassSchema? schema, string action) =>
        schema?.Permissions?[ClassAction.IsRead(action) ? "readUserFields" : "writeUserFields"] is JsonArray list
            ? [.. list.Select(ParseValues.Text).OfType<string>()]
            : [];

    private static bool Flag(JsonNode? value) => value is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;
}
