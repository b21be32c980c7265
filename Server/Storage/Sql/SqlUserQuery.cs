using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Storage.Sql;

/// <summary>
/// Turns a <see cref="UserQuery"/> into parameterised SQL. Built-in fields map to columns; custom
/// fields are compared as JSON through the dialect. No value and no field name is ever spliced into
/// the SQL text: both travel as parameters.
/// </summary>
internal sealed class SqlUserQuery
{
    private readonly SqlDialect _dialect;
    private readonly UserQuery _query;
    private readonly List<(string Name, object? Value)> _parameters = [];
    private readonly string _where;

    public SqlUserQuery(SqlDialect dialect, UserQuery query)
    {
        _dialect = dialect;
        _query = query;
        var clauses = new List<string>();
        if (!query.ViewerIsMaster)
            clauses.Add(query.ViewerId is null ? $"public_read = {Add(true)}" : $"(id = {Add(query.ViewerId)} OR public_read = {Add(true)})");
        foreach (var condition in query.Conditions)
            clauses.Add("(" + string.Join(" OR ", condition.AnyOf.Select(value => Equals(condition.Field, value))) + ")");
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

    private string Equals(string field, JsonNode? value)
    {
        if (Column(field) is not { } column)
        {
            var path = Add(_dialect.CustomFieldPath(field));
            var json = _dialect.CustomField(path);
            return value is null
                ? $"({json} IS NULL OR {json} = {_dialect.JsonValue(Add("null"))})"
                : $"{json} = {_dialect.JsonValue(Add(value.ToJsonString()))}";
        }
        if (value is null) return $"{column} IS NULL";
        // A value of the wrong type matches nothing, rather than failing on engines with strict typing.
        return ColumnValue(field, value) is { } typed ? $"{column} = {Add(typed)}" : "1 = 0";
    }

    private string SortExpression(string field) =>
        Column(field) ?? _dialect.CustomFieldSortKey(Add(_dialect.CustomFieldPath(field)));

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
