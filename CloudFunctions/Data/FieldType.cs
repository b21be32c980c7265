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

/// <summary>A field's declared type, and for pointers and relations the class they point to.</summary>
public sealed record FieldSchema(FieldType Type, string? TargetClass = null)
{
    public override string ToString() => TargetClass is null ? Type.ToString() : $"{Type}<{TargetClass}>";
}
