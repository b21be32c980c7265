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
        if (PointerFields(schema, action).Count > 0 && viewer.UserId is not null) return;
        throw new PhoneAuthException(AuthError.ActionForbidden) { Args = [action, schema?.ClassName ?? ""] };
    }

    /// <summary>
    /// When only pointer permissions let the viewer act, the condition the objects must meet: one of the
    /// pointer fields names the viewer. Null when the viewer may act on every object.
    /// </summary>
    public Condition? PointerRestriction(ClassSchema? schema, string action, Viewer viewer)
    {
        if (viewer.IsMaster || Rules(schema, action) is not { } rules || Grants(rules, viewer) || Flag(rules["requiresAuthentication"])) return null;
        var fields = PointerFields(schema, action);
        if (fields.Count == 0 || viewer.UserId is null) return null;
        var me = ParseValues.Pointer(ClassNames.User, viewer.UserId);
        return new AnyOf([.. fields.Select(field => (Condition)new Comparison(FieldPath.Of(field), Comparator.Equal, me.DeepClone()))]);
    }

    /// <summary>Whether <paramref name="obj"/> meets the pointer restriction (writes check the stored object).</summary>
    public bool MeetsPointerRestriction(ClassSchema? schema, string action, Viewer viewer, StoredObject obj)
    {
        if (PointerRestriction(schema, action, viewer) is null) return true;
        return PointerFields(schema, action).Any(field => ParseValues.PointerId(obj.Fields[field]) == viewer.UserId
            || (obj.Fields[field] is JsonArray list && list.Any(item => ParseValues.PointerId(item) == viewer.UserId)));
    }

    /// <summary>
    /// The fields hidden from <paramref name="viewer"/>: for every protectedFields entry the viewer
    /// matches ("*", its id, its roles, "authenticated"), the fields listed, intersected, as Parse Server does.
    /// </summary>
    public IReadOnlySet<string> ProtectedFields(ClassSchema? schema, Viewer viewer)
    {
        if (viewer.IsMaster || schema?.Permissions?["protectedFields"] is not JsonObject protectedFields) return new HashSet<string>();
        var entities = viewer.AclEntities.Concat(viewer.UserId is null ? [] : ["authenticated"]);
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

    /// <summary>
    /// Class-level permissions as /schemas sets them, checked: each action maps entities ("*", a user id,
    /// "role:Name", "authenticated", "requiresAuthentication") to true, and may list pointerFields;
    /// readUserFields and writeUserFields list field names; protectedFields maps entities to field names.
    /// Null stays null (the default: everyone may do everything).
    /// </summary>
    public static JsonObject? CheckPermissions(JsonObject? permissions)
    {
        if (permissions is null) return null;
        var copy = new JsonObject();
        foreach (var (key, value) in permissions)
        {
            if (ClassAction.All.Contains(key))
            {
                if (value is not JsonObject rules) throw InvalidPermissions($"{key} must be an object");
                var rule = new JsonObject();
                foreach (var (entity, grant) in rules)
                {
                    if (entity == "pointerFields") rule[entity] = FieldList(grant, $"{key}.pointerFields");
                    else if (IsEntity(entity) || entity is "authenticated" or "requiresAuthentication")
                        rule[entity] = Flag(grant) ? true : throw InvalidPermissions($"{key}.{entity} must be true");
                    else throw InvalidPermissions($"'{entity}' is not a valid entity for class level permissions");
                }
                copy[key] = rule;
            }
            else if (key is "readUserFields" or "writeUserFields") copy[key] = FieldList(value, key);
            else if (key == "protectedFields")
            {
                if (value is not JsonObject byEntity) throw InvalidPermissions("protectedFields must be an object");
                var hidden = new JsonObject();
                foreach (var (entity, fields) in byEntity)
                {
                    if (!IsEntity(entity) && entity != "authenticated") throw InvalidPermissions($"'{entity}' is not a valid entity for protectedFields");
                    hidden[entity] = FieldList(fields, $"protectedFields.{entity}");
                }
                copy[key] = hidden;
            }
            else throw InvalidPermissions($"'{key}' is not a valid key for class level permissions");
        }
        return copy;
    }

    private static bool IsEntity(string entity) =>
        entity == "*" || (entity.StartsWith("role:", StringComparison.Ordinal) && RoleNames.IsValid(entity[5..]))
        || (entity.Length is > 0 and <= 64 && entity.All(char.IsAsciiLetterOrDigit));

    private static JsonArray FieldList(JsonNode? value, string what) =>
        value is JsonArray list && list.Count <= 100 && list.All(item => ParseValues.Text(item) is { } name && DataFields.IsValidName(name))
            ? (JsonArray)list.DeepClone()
            : throw InvalidPermissions($"{what} must be a list of field names");

    private static PhoneAuthException InvalidPermissions(string what) => new(AuthError.InvalidSchemaChange) { Args = [what] };

    private static JsonObject? Rules(ClassSchema? schema, string action) => schema?.Permissions?[action] as JsonObject;

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
