using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>
/// An object of any class for cloud code, like <c>Parse.Object</c>: fields by name as Parse JSON, and
/// the changes made since it was read (set, unset, increment, add, addUnique, remove), which
/// <see cref="CloudData.SaveAsync(ParseObject, CancellationToken)"/> sends as field operations, so an
/// increment is applied to the stored value, never lost to a concurrent write.
/// </summary>
public sealed class ParseObject
{
    private JsonObject _fields;
    private readonly Dictionary<string, FieldOperation> _changes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<FoundItem>> _included;

    /// <summary>Who read the object: an included user shows its private fields only to the master key and itself.</summary>
    private (bool Master, string? UserId) _reader;

    /// <summary>A new object of <paramref name="className"/>, saved by its first save.</summary>
    public ParseObject(string className) : this(ClassNames.Check(className), null, [], null, new Dictionary<string, IReadOnlyList<FoundItem>>()) { }

    private ParseObject(string className, string? id, JsonObject fields, JsonObject? acl, Dictionary<string, IReadOnlyList<FoundItem>> included)
    {
        ClassName = className;
        Id = id;
        _fields = fields;
        Acl = acl;
        _included = included;
    }

    /// <summary>An existing object known by its id only, to change or destroy it without reading it first (Parse's createWithoutData).</summary>
    public static ParseObject WithoutData(string className, string id) =>
        new(ClassNames.Check(className), id, [], null, new Dictionary<string, IReadOnlyList<FoundItem>>());

    public string ClassName { get; }

    /// <summary>The objectId, or null before the first save.</summary>
    public string? Id { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }
    public DateTimeOffset? UpdatedAt { get; private set; }

    /// <summary>The ACL in Parse form, or null (public read and write). Change it with <see cref="SetAcl"/>.</summary>
    public JsonObject? Acl { get; private set; }

    public bool IsNew => Id is null;

    /// <summary>Whether a field or the ACL changed since the object was read or saved.</summary>
    public bool IsDirty => _changes.Count > 0 || AclChanged;

    internal bool AclChanged { get; private set; }

    /// <summary>The names of the fields the object holds.</summary>
    public IReadOnlyCollection<string> Keys => [.. _fields.Select(f => f.Key)];

    /// <summary>The fields changed since the object was read or saved.</summary>
    public IReadOnlyCollection<string> DirtyKeys => _changes.Keys;

    /// <summary>A copy of the field's Parse JSON (a Date is {"__type":"Date","iso":…}), or null when it is not set.</summary>
    public JsonNode? this[string field]
    {
        get => _fields[field]?.DeepClone();
        set => Set(field, value);
    }

    /// <summary>The field as <typeparamref name="T"/> (string, numbers, bool, DateTimeOffset from a Date, JsonNode, or any type JSON maps to); default when unset.</summary>
    public T? Get<T>(string field) => ParseJson.To<T>(_fields[field]);

    /// <summary>The object an included pointer field points to (include), or null when it was not included or not found.</summary>
    public ParseObject? GetObject(string field) =>
        _included.TryGetValue(field, out var items) && items.Count > 0 ? FromItem(items[0]) : null;

    /// <summary>The objects an included array of pointers points to, in order, the ones not found left out.</summary>
    public IReadOnlyList<ParseObject> GetObjects(string field) =>
        _included.TryGetValue(field, out var items) ? [.. items.Select(FromItem)] : [];

    /// <summary>Sets a field (a C# value, a JsonNode, another ParseObject for a pointer); null unsets it.</summary>
    public ParseObject Set(string field, object? value) => Change(field, new FieldOperation.Set(ParseJson.From(value)));

    public ParseObject Unset(string field) => Change(field, new FieldOperation.Delete());

    /// <summary>Adds <paramref name="amount"/> to a number field, atomically in the store.</summary>
    public ParseObject Increment(string field, double amount = 1) =>
        Change(field, new FieldOperation.Increment(amount == Math.Floor(amount) && Math.Abs(amount) < 1e15 ? JsonValue.Create((long)amount) : JsonValue.Create(amount)));

    public ParseObject Add(string field, params object?[] items) => Change(field, new FieldOperation.Add(Items(items)));
    public ParseObject AddUnique(string field, params object?[] items) => Change(field, new FieldOperation.AddUnique(Items(items)));
    public ParseObject Remove(string field, params object?[] items) => Change(field, new FieldOperation.Remove(Items(items)));

    /// <summary>Adds saved objects of one class to the relation <paramref name="field"/> (Parse's <c>relation(field).add</c>).</summary>
    public ParseObject AddRelation(string field, params ParseObject[] members) => Relation(field, members, adds: true);

    /// <summary>Removes objects from the relation <paramref name="field"/>.</summary>
    public ParseObject RemoveRelation(string field, params ParseObject[] members) => Relation(field, members, adds: false);

    /// <summary>Replaces the ACL; null makes the object public. See <see cref="ParseAcl"/> for building one.</summary>
    public ParseObject SetAcl(JsonObject? acl)
    {
        Acl = acl is null ? null : Data.Acls.Check(acl);
        AclChanged = true;
        return this;
    }

    /// <summary>A pointer to this saved object, as Parse JSON.</summary>
    public JsonObject ToPointer() => ParseValues.Pointer(ClassName, Id ?? throw new InvalidOperationException("An unsaved object has no pointer: save it first."));

    /// <summary>The object as <typeparamref name="T"/>, an application class mapped to this class.</summary>
    public T As<T>() where T : ParseEntity, new() => TypedObjects.FromObject<T>(this);

    /// <summary>Every field, objectId, createdAt, updatedAt and ACL as Parse JSON.</summary>
    public JsonObject ToJson()
    {
        var json = (JsonObject)_fields.DeepClone();
        if (Id is not null) json[DataFields.Id] = Id;
        if (CreatedAt is { } created) json[DataFields.CreatedAt] = ParseValues.Date(created)["iso"]!.DeepClone();
        if (UpdatedAt is { } updated) json[DataFields.UpdatedAt] = ParseValues.Date(updated)["iso"]!.DeepClone();
        if (Acl is not null) json[DataFields.Acl] = Acl.DeepClone();
        return json;
    }

    internal JsonObject Fields => _fields;
    internal IReadOnlyDictionary<string, FieldOperation> Changes => _changes;

    /// <summary>The changes to send: each dirty field's operation, and the ACL when it changed.</summary>
    internal ObjectChanges PendingChanges() => new(new Dictionary<string, FieldOperation>(_changes, StringComparer.Ordinal), Acl?.DeepClone().AsObject(), AclChanged);

    /// <summary>
    /// A client's changes applied to this object's fields and ACL, not recorded as its own changes: what a
    /// beforeSave trigger is shown (the object as it will be stored).
    /// </summary>
    internal ParseObject WithChangesApplied(ObjectChanges changes)
    {
        foreach (var (name, operation) in changes.Fields) operation.ApplyTo(_fields, name);
        if (changes.SetsAcl) Acl = (JsonObject?)changes.Acl?.DeepClone();
        return this;
    }

    /// <summary>After a save: the stored state, no change pending.</summary>
    internal void Saved(StoredObject stored)
    {
        Id = stored.Id;
        CreatedAt = stored.CreatedAt;
        UpdatedAt = stored.UpdatedAt;
        _fields = (JsonObject)stored.Fields.DeepClone();
        Acl = (JsonObject?)stored.Acl?.DeepClone();
        _changes.Clear();
        AclChanged = false;
    }

    /// <summary>After a user's save: its stored state as a reader with these rights sees it.</summary>
    internal void SavedUser(UserRecord user, bool seesPrivate)
    {
        var seen = From(user, seesPrivate);
        UpdatedAt = seen.UpdatedAt;
        _fields = seen._fields;
        Acl = seen.Acl;
        _changes.Clear();
        AclChanged = false;
    }

    /// <summary>The object as a found object again (afterFind), with what include found for its pointers.</summary>
    internal FoundObject ToFound(DateTimeOffset fallback) => new(new StoredObject
    {
        ClassName = ClassName, Id = Id ?? "", Fields = (JsonObject)_fields.DeepClone(), Acl = (JsonObject?)Acl?.DeepClone(),
        CreatedAt = CreatedAt ?? fallback, UpdatedAt = UpdatedAt ?? fallback,
    }, _included);

    internal static ParseObject From(StoredObject stored, IReadOnlyDictionary<string, IReadOnlyList<FoundItem>>? included = null,
        Context.RequestContext? reader = null) =>
        new(stored.ClassName, stored.Id, (JsonObject)stored.Fields.DeepClone(), (JsonObject?)stored.Acl?.DeepClone(),
            new Dictionary<string, IReadOnlyList<FoundItem>>(included ?? new Dictionary<string, IReadOnlyList<FoundItem>>()))
        {
            CreatedAt = stored.CreatedAt, UpdatedAt = stored.UpdatedAt, _reader = (reader?.IsMaster ?? false, reader?.User?.Id),
        };

    /// <summary>
    /// A user as cloud code sees it: its own fields, username, and (for the master key and the user
    /// itself only) phone, phoneVerified, email and emailVerified. Never the password hash or authData.
    /// </summary>
    internal static ParseObject From(UserRecord user, bool seesPrivate, IReadOnlyDictionary<string, IReadOnlyList<FoundItem>>? included = null,
        Context.RequestContext? reader = null)
    {
        var fields = (JsonObject)user.Fields.DeepClone();
        fields["username"] = user.Username;
        if (seesPrivate)
        {
            if (user.Phone is not null) fields["phone"] = user.Phone;
            fields["phoneVerified"] = user.PhoneVerified;
            if (user.Email is not null) fields["email"] = user.Email;
            if (user.EmailVerified is { } verified) fields["emailVerified"] = verified;
        }
        return new ParseObject(ClassNames.User, user.Id, fields, (JsonObject?)user.Acl?.DeepClone(),
            new Dictionary<string, IReadOnlyList<FoundItem>>(included ?? new Dictionary<string, IReadOnlyList<FoundItem>>()))
        {
            CreatedAt = user.CreatedAt, UpdatedAt = user.UpdatedAt, _reader = (reader?.IsMaster ?? false, reader?.User?.Id),
        };
    }

    private ParseObject Change(string field, FieldOperation operation)
    {
        DataFields.CheckWritable(field);
        operation.ApplyTo(_fields, field);
        // A second change to a field follows the first, as the SDK merges them: set then increment is one value.
        _changes[field] = _changes.TryGetValue(field, out var earlier) && operation is not (FieldOperation.Set or FieldOperation.Delete)
            ? new FieldOperation.Batch([earlier, operation])
            : operation;
        _included.Remove(field);
        return this;
    }

    private ParseObject ReadBy((bool, string?) reader)
    {
        _reader = reader;
        return this;
    }

    private ParseObject Relation(string field, ParseObject[] members, bool adds)
    {
        if (members.Length == 0 || members.Any(m => m.ClassName != members[0].ClassName || m.Id is null))
            throw new ArgumentException("A relation change needs saved objects of one class.", nameof(members));
        return Change(field, new FieldOperation.Relation(members[0].ClassName, [.. members.Select(m => m.Id!)], adds));
    }

    private static JsonArray Items(object?[] items) => [.. items.Select(ParseJson.From)];

    // An included object was read with the reader's rights; a user's private fields are the master key's and its own.
    private ParseObject FromItem(FoundItem item) => item switch
    {
        FoundObject found => From(found.Object, found.Included).ReadBy(_reader),
        FoundUser user => From(user.User, _reader.Master || _reader.UserId == user.User.Id).ReadBy(_reader),
        _ => throw new InvalidOperationException("Unknown included item."),
    };
}
