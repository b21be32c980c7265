using CultureInfo = System.Globalization.CultureInfo;
using NumberStyles = System.Globalization.NumberStyles;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Reads a Parse query (from the tunnelled body or the query string) into a <see cref="UserQuery"/>:
/// <c>where</c> with equality and <c>$in</c>, <c>limit</c>, <c>skip</c>, <c>order</c>, <c>count</c>, <c>keys</c>.
/// Anything else is answered 102 rather than silently ignored.
/// </summary>
public static class QueryReader
{
    private static readonly HashSet<string> Ignored = ["include", "excludeKeys", "readPreference", "includeReadPreference", "subqueryReadPreference", "hint", "comment"];

    public sealed record Result(UserQuery Query, IReadOnlySet<string>? Keys);

    public static Result Read(JsonObject body, IQueryCollection queryString)
    {
        var parameters = (JsonObject)body.DeepClone();
        foreach (var (name, value) in queryString) parameters[name] = ParseQueryValue(value.ToString());

        var query = new UserQuery();
        IReadOnlySet<string>? keys = null;
        foreach (var (name, value) in parameters)
        {
            query = name switch
            {
                "where" => query with { Conditions = Where(value) },
                "limit" => query with { Limit = Number(value, "limit") },
                "skip" => query with { Skip = Number(value, "skip") },
                "order" => query with { Order = Order(value) },
                "count" => query with { Count = value is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? flag.GetValue<bool>() : Plain(value) is "1" or "true" },
                "keys" => query,
                _ when Ignored.Contains(name) => query,
                _ => throw Invalid($"{name} is not a query parameter"),
            };
            if (name == "keys") keys = Plain(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
        }
        return new Result(query, keys);
    }

    /// <summary>The wire name of a built-in field to the core's name; custom fields keep their own.</summary>
    public static string FieldOf(string wireName) => wireName switch
    {
        "objectId" => UserFields.Id,
        "password" or "authData" or "ACL" or "sessionToken" => throw Invalid($"{wireName} cannot be queried"),
        _ when wireName.StartsWith('_') => throw Invalid($"{wireName} cannot be queried"),
        _ => wireName,
    };

    private static IReadOnlyList<FieldCondition> Where(JsonNode? value)
    {
        if (WireJson.Text(value) is { } text)
        {
            try { value = WireJson.Parse(text); }
            catch (PhoneAuthException) { throw Invalid("where is not valid JSON"); }
        }
        if (value is not JsonObject where) throw Invalid("where must be an object");
        return [.. where.Select(p => Condition(FieldOf(p.Key), p.Value))];
    }

    private static FieldCondition Condition(string field, JsonNode? value)
    {
        if (value is not JsonObject constraint || !constraint.Any(p => p.Key.StartsWith('$')))
            return new FieldCondition(field, [value?.DeepClone()]);
        if (constraint.Count != 1) throw Invalid($"only one operator per field is supported ({field})");
        var (op, argument) = constraint.Single();
        return op switch
        {
            "$eq" => new FieldCondition(field, [argument?.DeepClone()]),
            "$in" when argument is JsonArray values => new FieldCondition(field, [.. values.Select(v => v?.DeepClone())]),
            "$in" => throw Invalid("$in needs an array"),
            _ => throw Invalid($"the operator {op} is not supported; use equality or $in"),
        };
    }

    private static IReadOnlyList<SortKey> Order(JsonNode? value) =>
        [.. Plain(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(key => key.StartsWith('-') ? new SortKey(FieldOf(key[1..]), true) : new SortKey(FieldOf(key), false))];

    private static int Number(JsonNode? value, string name) =>
        int.TryParse(Plain(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number : throw Invalid($"{name} must be a non-negative integer");

    /// <summary>A value as text, as a query-string parameter reads: strings as they are, anything else as JSON.</summary>
    private static string Plain(JsonNode? value) => WireJson.Text(value) ?? WireJson.Serialize(value);

    /// <summary>Query-string values are JSON when they parse as JSON (where={...}, limit=10), else strings.</summary>
    private static JsonNode? ParseQueryValue(string text)
    {
        try { return WireJson.Parse(text); }
        catch (PhoneAuthException) { return JsonValue.Create(text); }
    }

    private static PhoneAuthException Invalid(string what) => new(AuthError.InvalidQuery) { Args = [what] };
}
