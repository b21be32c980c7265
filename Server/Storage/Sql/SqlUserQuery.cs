using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Turns a <see cref="UserQuery"/> into parameterised SQL. Built-in fields map to columns; custom
/// fields are compared as JSON through the engine's flavor. No value and no field name is ever spliced into
/// the SQL text: both travel as parameters.
/// </summary>
internal sealed class SqlUserQuery
{
    private readonly SqlFlavor _flavor;
    private readonly UserQuery _query;
    private readonly List<(string Name, object? Value)> _parameters = [];
    private readonly string _where;

    public SqlUserQuery(SqlFlavor flavor, UserQuery query)
    {
        _flavor = flavor;
        _query = query;
        var clauses = new List<string>();
        if (!query.ViewerIsMaster)
            clauses.Add(query.ViewerId is null ? $"public_read = {Add(true)}" : $"(id = {Add(query.ViewerId)} OR public_read = {Add(true)})");
        foreach (var condition in query.Conditions) clauses.Add(AnyOf(condition.Field, condition.AnyOf));
        _where = clauses.Count == 0 ? "" : " WHERE " + string.Join(" AND ", clauses);
    }

    public DbCommand Select(DbConnection connection)
    {
        var sql = new StringBuilder($"SELECT {SqlUserStore.Columns} FROM users{_where} ORDER BY ");
        foreach (var key in _query.Order) sql.Append(SortExpression(key.Field)).Append(key.Descending ? " DESC, " : ", ");
        sql.Append($"created_at, id LIMIT {Add(_query.Limit)} OFFSET {Add(_query.Skip)}");
        return Bind(connection.Command(sql.ToString()));
    }

    public DbCommand Count(DbConnection connection) => Bind(connection.Command($"SELECT COUNT(*) FROM users{_where}"));

    private DbCommand Bind(DbCommand command)
    {
        foreach (var (name, value) in _parameters) command.With(name, value);
        return command;
    }

    private string Add(object? value)
    {
        var name = "p" + _parameters.Count;
        _parameters.Add((name, value));
        return "@" + name;
    }

    /// <summary>
    /// The field equals one of the values: one flat IN list (a chain of ORs nests, and SQLite refuses an
    /// expression a thousand deep), plus a test for null when null is among them.
    /// </summary>
    private string AnyOf(string field, IReadOnlyList<JsonNode?> values)
    {
        var tests = new List<string>();
        var column = Column(field);
        var json = column is null ? _flavor.CustomField(Add(_flavor.CustomFieldPath(field))) : null;
        if (values.Any(v => v is null)) tests.Add(column is null ? $"({json} IS NULL OR {json} = {_flavor.JsonValue(Add("null"))})" : $"{column} IS NULL");
        // A value of the wrong type for a built-in column matches nothing, rather than failing on engines with strict typing.
        var given = values.Where(v => v is not null)
            .Select(v => column is null ? _flavor.JsonValue(Add(v!.ToJsonString())) : ColumnValue(field, v!) is { } typed ? Add(typed) : null)
            .Where(p => p is not null).ToList();
        if (given.Count > 0) tests.Add($"{column ?? json} IN ({string.Join(", ", given)})");
        return tests.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", tests) + ")";
    }

    private string SortExpression(string field) =>
        Column(field) ?? _flavor.CustomFieldSortKey(Add(_flavor.CustomFieldPath(field)));

    private static string? Column(string field) => field switch
    {
        UserFields.Id => "id",
        UserFields.Username => "username",
        UserFields.Email => "email",
        UserFields.EmailVerified => "email_verified",
        UserFields.Phone => "phone",
        UserFields.PhoneVerified => "phone_verified",
        UserFields.CreatedAt => "created_at",
        UserFields.UpdatedAt => "updated_at",
        _ => null,
    };

    /// <summary>The JSON value as the column's type: text, a boolean, or Unix milliseconds for a Parse date.</summary>
    private static object? ColumnValue(string field, JsonNode value)
    {
        var kind = value.GetValueKind();
        switch (field)
        {
            case UserFields.EmailVerified or UserFields.PhoneVerified:
                return kind is JsonValueKind.True or JsonValueKind.False ? kind == JsonValueKind.True : null;
            case UserFields.CreatedAt or UserFields.UpdatedAt:
                var iso = kind == JsonValueKind.Object ? value["iso"] : value;
                return iso?.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(iso.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at.ToUnixMs() : null;
            default:
                return kind == JsonValueKind.String ? value.GetValue<string>() : null;
        }
    }
}
