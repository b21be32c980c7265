using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Application objects in Parse JSON: a write's body read into the core's <see cref="ObjectChanges"/>,
/// and a found object written with its included objects in place of their pointers
/// ({"__type":"Object","className":…,"objectId":…, fields}), users among them as their viewer may see them.
/// </summary>
public static class ObjectCodec
{
    /// <param name="body">The body of a create or an update.</param>
    /// <param name="leanCloudOperators">Whether LeanCloud's Decrement, BitAnd, BitOr and BitXor are operators.</param>
    public static ObjectChanges Read(JsonObject body, bool leanCloudOperators = false)
    {
        var fields = new Dictionary<string, FieldOperation>(StringComparer.Ordinal);
        JsonObject? acl = null;
        var setsAcl = false;
        foreach (var (name, value) in body)
        {
            switch (name)
            {
                case DataFields.CreatedAt or DataFields.UpdatedAt:
                    continue; // the server's; clients echo them back at times
                case DataFields.Id or "id":
                    throw new PhoneAuthException(AuthError.InvalidFieldName) { PublicMessage = $"{name} is an invalid field name." };
                case DataFields.Acl:
                    setsAcl = true;
                    acl = value switch
                    {
                        null => null,
                        JsonObject op when WireJson.Text(op["__op"]) == "Delete" => null,
                        JsonObject given => Acls.Check(given),
                        _ => throw new PhoneAuthException(AuthError.InvalidAcl, "An ACL must be an object."),
                    };
                    break;
                default:
                    fields[DataFields.CheckWritable(name)] = OperationReader.Read(name, value, leanCloudOperators);
                    break;
            }
        }
        return new ObjectChanges(fields, acl, setsAcl);
    }

    /// <summary>An object as stored: its fields, objectId, createdAt, updatedAt and ACL (when it has one).</summary>
    public static JsonObject Write(StoredObject obj) => WriteInto(new JsonObject(), obj);

    /// <summary>Adds what <see cref="Write(StoredObject)"/> answers to <paramref name="json"/>, after what it holds.</summary>
    private static JsonObject WriteInto(JsonObject json, StoredObject obj)
    {
        foreach (var (name, value) in obj.Fields) json[name] = value?.DeepClone();
        json[DataFields.Id] = obj.Id;
        json[DataFields.CreatedAt] = ParseEncoding.FormatDate(obj.CreatedAt);
        json[DataFields.UpdatedAt] = ParseEncoding.FormatDate(obj.UpdatedAt);
        if (obj.Acl is not null) json[DataFields.Acl] = obj.Acl.DeepClone();
        return json;
    }

    /// <summary>A found object, its pointer fields replaced by the objects include found.</summary>
    public static JsonObject Write(FoundObject found, RequestContext caller, UserCodec users)
    {
        var json = Write(found.Object);
        Replace(json, found.Included, caller, users);
        return json;
    }

    /// <summary>
    /// Replaces, in <paramref name="json"/>, each included field's pointers by their objects (in an array,
    /// item by item). A pointer whose object was not found (gone, or not readable by the caller) is
    /// dropped: the field, or the array's item, as Parse Server answers.
    /// </summary>
    public static void Replace(JsonObject json, IReadOnlyDictionary<string, IReadOnlyList<FoundItem>> included, RequestContext caller, UserCodec users)
    {
        foreach (var (field, items) in included)
        {
            JsonNode? Resolve(JsonNode? value, out bool dropped)
            {
                // What stays is copied (it still belongs to json); an included object is written anew.
                dropped = false;
                if (ParseValues.PointerId(value) is not { } id || WireJson.Text(value!["className"]) is not { } className) return value?.DeepClone();
                // Only application objects, roles and users are included; a pointer to another class stays as it is.
                if (className == ClassNames.Session) return value.DeepClone();
                var item = items.FirstOrDefault(i => i switch
                {
                    FoundObject o => o.Object.Id == id && o.Object.ClassName == className,
                    FoundUser u => u.User.Id == id && className == ClassNames.User,
                    _ => false,
                });
                dropped = item is null;
                return item is null ? null : Embedded(item, caller, users);
            }
            switch (json[field])
            {
                case JsonArray list:
                    var kept = new JsonArray();
                    foreach (var value in list)
                    {
                        var resolved = Resolve(value, out var dropped);
                        if (!dropped) kept.Add(resolved);
                    }
                    json[field] = kept;
                    break;
                case var value:
                    var single = Resolve(value, out var gone);
                    if (gone) json.Remove(field);
                    else json[field] = single;
                    break;
            }
        }
    }

    private static JsonObject Embedded(FoundItem item, RequestContext caller, UserCodec users)
    {
        switch (item)
        {
            case FoundObject o:
            {
                // Written straight into the embedding object: no second copy of the fields.
                var json = WriteInto(new JsonObject { ["__type"] = "Object", ["className"] = o.Object.ClassName }, o.Object);
                Replace(json, o.Included, caller, users);
                // A field of its own named className that include dropped (its object unreadable) must not take the class's name with it.
                if (!json.ContainsKey("className")) json["className"] = o.Object.ClassName;
                return json;
            }
            case FoundUser u:
            {
                var json = new JsonObject { ["__type"] = "Object", ["className"] = ClassNames.User };
                foreach (var (name, value) in users.View(u.User, caller, withToken: false)) json[name] = value?.DeepClone();
                return json;
            }
            default:
                throw new ArgumentException($"Unknown item {item.GetType().Name}.", nameof(item));
        }
    }

    /// <summary>
    /// The answer to a write: the fields whose stored values the client cannot compute (operator
    /// results), so that the SDK's copy matches the server's.
    /// </summary>
    public static void AddComputedFields(JsonObject answer, StoredObject stored, IReadOnlySet<string> computed)
    {
        foreach (var name in computed)
        {
            // A relation operation's result is the relation's stub; Parse Server answers it too. A field a
            // beforeSave removed is answered as Parse Server does, so that the SDK drops it as well.
            answer[name] = stored.Fields.TryGetPropertyValue(name, out var value) ? value?.DeepClone() : new JsonObject { ["__op"] = "Delete" };
        }
    }
}
