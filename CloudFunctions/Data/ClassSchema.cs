using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// A class's schema: its fields and their types, its class-level permissions in Parse's JSON form, and
/// its indexes. Fields are added on first write with the type of the value; a field never changes type.
/// </summary>
public sealed record ClassSchema
{
    public required string ClassName { get; init; }

    /// <summary>The application's fields (not objectId, createdAt, updatedAt, ACL).</summary>
    public IReadOnlyDictionary<string, FieldSchema> Fields { get; init; } = new Dictionary<string, FieldSchema>();

    /// <summary>Parse's classLevelPermissions; null for the default (everyone may do everything).</summary>
    public JsonObject? Permissions { get; init; }

    /// <summary>Indexes by name: each an ordered list of fields, and whether it is unique.</summary>
    public IReadOnlyDictionary<string, IndexSpec> Indexes { get; init; } = new Dictionary<string, IndexSpec>();

    /// <summary>Incremented by every change; changes are conditional on it.</summary>
    public long Version { get; init; }

    public FieldSchema? Field(string name) => Fields.GetValueOrDefault(name);
}

/// <summary>An index over <paramref name="Fields"/> (in order; descending where marked), unique or not.</summary>
public sealed record IndexSpec(IReadOnlyList<IndexField> Fields, bool Unique = false);

public sealed record IndexField(string Name, bool Descending = false);
