using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;

namespace PhoneAuth.Server.Storage.Sql.Query;

/// <summary>
/// Where a class's objects live and how their fields read in SQL: the objects table for application
/// classes (fields in JSON), the users and sessions tables for _User and _Session (built-in fields in
/// columns). One translator serves all three: only this mapping differs.
/// </summary>
internal abstract class SqlSource(SqlFlavor flavor)
{
    protected SqlFlavor Flavor => flavor;

    public abstract string Table { get; }

    /// <summary>The columns a query selects, in the order the store reads them.</summary>
    public abstract string Columns { get; }

    /// <summary>The condition that keeps to this class (the objects table holds every class), or null.</summary>
    public abstract string? ClassFilter(SqlParameters parameters);

    /// <summary>The condition that keeps to what the viewer may read, or null for the master key.</summary>
    public abstract string? ReadFilter(Viewer viewer, SqlParameters parameters);

    /// <summary>The id column, and the order that breaks ties: createdAt then id.</summary>
    public virtual string IdColumn => "id";

    public virtual string CreatedAtColumn => "created_at";

    /// <summary>A built-in field as a column, or null when the field is the application's own.</summary>
    protected abstract SqlField? BuiltIn(string field);

    /// <summary>The JSON column of the application's own fields, or null when the class has none (_Session).</summary>
    protected abstract string? CustomFields { get; }

    /// <summary>
    /// The field as SQL. A field the schema declares reads by its type; a nested key, or a field no
    /// schema declares (_User's own fields), reads by the type of the value it is compared with.
    /// </summary>
    public SqlField? Field(FieldPath path, FieldSchema? declared, FieldKind? fromValue)
    {
        if (!path.IsNested && !path.Custom && BuiltIn(path.Field) is { } column) return column;
        if (CustomFields is not { } json) return null;
        var keys = path.Keys.Prepend(path.Field).ToList();
        var raw = flavor.JsonRaw(json, keys);
        var kind = path.IsNested || declared is null ? fromValue ?? FieldKind.Json : KindOf(declared.Type);
        return kind switch
        {
            FieldKind.IsoDate => new SqlField(flavor.JsonField(json, [.. keys, "iso"], FieldKind.IsoDate), kind, raw),
            FieldKind.PointerId => new SqlField(flavor.JsonField(json, [.. keys, "objectId"], FieldKind.PointerId), kind, raw),
            FieldKind.Boolean when flavor.JsonBooleanKind == FieldKind.Json => new SqlField(raw, FieldKind.Json, raw),
            _ => new SqlField(flavor.JsonField(json, keys, kind), kind, raw),
        };
    }

    public static FieldKind KindOf(FieldType type) => type switch
    {
        FieldType.String => FieldKind.Text,
        FieldType.Number => FieldKind.Number,
        FieldType.Boolean => FieldKind.Boolean,
        FieldType.Date => FieldKind.IsoDate,
        FieldType.Pointer => FieldKind.PointerId,
        _ => FieldKind.Json,
    };
}

/// <summary>The application's classes (and _Role): the objects table, fields in <c>data</c>, readers in <c>read_acl</c>.</summary>
internal sealed class ObjectsSource(SqlFlavor flavor, string className) : SqlSource(flavor)
{
    public const string SelectColumns = "id, data, acl, created_at, updated_at, version";

    public override string Table => "objects";
    public override string Columns => SelectColumns;

    public override string? ClassFilter(SqlParameters parameters) => $"class_name = {parameters.Add(className)}";

    public override string? ReadFilter(Viewer viewer, SqlParameters parameters) =>
        viewer.IsMaster ? null : Flavor.ReadableBy("read_acl", parameters.Add(Flavor.EntitiesParameter(viewer.AclEntities)));

    protected override SqlField? BuiltIn(string field) => field switch
    {
        DataFields.Id => new SqlField(Flavor.TextColumn("id"), FieldKind.Text) { Equality = "id" },
        DataFields.CreatedAt => new SqlField("created_at", FieldKind.MillisDate),
        DataFields.UpdatedAt => new SqlField("updated_at", FieldKind.MillisDate),
        _ => null,
    };

    protected override string? CustomFields => "data";
}
