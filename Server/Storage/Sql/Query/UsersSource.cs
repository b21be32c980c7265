using PhoneAuth.CloudFunctions.Data;

namespace PhoneAuth.Server.Storage.Sql.Query;

/// <summary>_User: the users table, built-in fields in columns, the application's own in <c>fields</c>.</summary>
internal sealed class UsersSource(SqlFlavor flavor) : SqlSource(flavor)
{
    public override string Table => "users";
    public override string Columns => SqlUserStore.Columns;

    public override string? ClassFilter(SqlParameters parameters) => null;

    /// <summary>Users are private (Parse Server 9's enforcePrivateUsers): a viewer reads itself and users whose ACL grants public read.</summary>
    public override string? ReadFilter(Viewer viewer, SqlParameters parameters) => viewer switch
    {
        { IsMaster: true } => null,
        { UserId: { } me } => $"(id = {parameters.Add(me)} OR public_read = {parameters.Add(true)})",
        _ => $"public_read = {parameters.Add(true)}",
    };

    protected override SqlField? BuiltIn(string field) => field switch
    {
        DataFields.Id => new SqlField(Flavor.TextColumn("id"), FieldKind.Text) { Equality = "id" },
        "username" => new SqlField(Flavor.TextColumn("username"), FieldKind.Text) { Equality = "username" },
        "email" => new SqlField(Flavor.TextColumn("email"), FieldKind.Text) { Equality = "email" },
        "phone" => new SqlField(Flavor.TextColumn("phone"), FieldKind.Text) { Equality = "phone" },
        "emailVerified" => new SqlField("email_verified", FieldKind.Boolean),
        "phoneVerified" => new SqlField("phone_verified", FieldKind.Boolean),
        DataFields.CreatedAt => new SqlField("created_at", FieldKind.MillisDate),
        DataFields.UpdatedAt => new SqlField("updated_at", FieldKind.MillisDate),
        _ => null,
    };

    protected override string? CustomFields => "fields";
}

/// <summary>_Session: the sessions table, every field a column; a viewer reads only its own sessions.</summary>
internal sealed class SessionsSource(SqlFlavor flavor) : SqlSource(flavor)
{
    public override string Table => "sessions";
    public override string Columns => SqlSessionStore.Columns;

    public override string? ClassFilter(SqlParameters parameters) => null;

    public override string? ReadFilter(Viewer viewer, SqlParameters parameters) =>
        viewer.IsMaster ? null : viewer.UserId is { } me ? $"user_id = {parameters.Add(me)}" : "1 = 0";

    protected override SqlField? BuiltIn(string field) => field switch
    {
        DataFields.Id => new SqlField(Flavor.TextColumn("id"), FieldKind.Text) { Equality = "id" },
        "user" => new SqlField(Flavor.TextColumn("user_id"), FieldKind.PointerId) { Equality = "user_id" },
        "installationId" => new SqlField(Flavor.TextColumn("installation_id"), FieldKind.Text) { Equality = "installation_id" },
        "expiresAt" => new SqlField("expires_at", FieldKind.MillisDate),
        DataFields.CreatedAt => new SqlField("created_at", FieldKind.MillisDate),
        DataFields.UpdatedAt => new SqlField("updated_at", FieldKind.MillisDate),
        _ => null,
    };

    protected override string? CustomFields => null;
}
