namespace PhoneAuth.CloudFunctions.Data;

/// <summary>The types a field of a Parse class can have (Parse's schema types).</summary>
public enum FieldType
{
    String,
    Number,
    Boolean,
    Date,
    Object,
    Array,
    Pointer,
    Relation,
    Bytes,
    GeoPoint,
    File,
    Acl,
}

/// <summary>
/// A field's declared type, and for pointers and relations the class they point to ("" for a relation
/// operation whose objects were no pointers: it fits no field). Declared through /schemas, a field may
/// also be required, or have a value that fills it on creation.
/// </summary>
public sealed record FieldSchema(FieldType Type, string? TargetClass = null)
{
    public bool Required { get; init; }

    public System.Text.Json.Nodes.JsonNode? DefaultValue { get; init; }

    public override string ToString() => string.IsNullOrEmpty(TargetClass) ? Type.ToString() : $"{Type}<{TargetClass}>";
}
