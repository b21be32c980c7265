using System.Text.Json.Nodes;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.Server.Dialects.Parse.Json;

/// <summary>
/// Reads a Parse query (from the tunnelled body or the query string) into a <see cref="UserQuery"/>:
/// <c>where</c> with equality and <c>$in</c>, <c>limit</c>, <c>skip</c>, <c>order</c>, <c>count</c>, <c>keys</c>.
/// Anything else is answered 102 rather than silently ignored.
/// </summary>
internal static class QueryReader
{
    private static readonly HashSet<string> Ignored = ["include", "excludeKeys", "readPreference", "includeReadPreference", "subqueryReadPreference", "hint", "comment"];

    public sealed record Result(UserQuery Query, IReadOnlySet<string>? Keys);

    public static Result Read(JObject body, IQueryCollection queryString)
    {
        var parameters = (JObject)body.DeepClone();
        foreach (var (name, value) in queryString) parameters[name] = ParseQueryValue(value.ToString());

        var query = new UserQuery();
        IReadOnlySet<string>? keys = null;
        foreach (var property in parameters.Properties())
        {
            var value = property.Value;
            query = property.Name switch
            {
                "where" => query with { Conditions = Where(value) },
                "limit" => query with { Limit = Number(value, "limit") },
                "skip" => query with { Skip = Number(value, "skip") },
                "order" => query with { Order = Order(value) },
                "count" => query with { Count = value.Type == JTokenType.Boolean ? (bool)value : value.ToString() is "1" or "true" },
                "keys" => query,
                var name when Ignored.Contains(name) => query,
                var name => throw Invalid($"{name} is not a query parameter"),
            };
            if (property.Name == "keys") keys = value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();
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

    private static IReadOnlyList<FieldCondition> Where(JToken value)
    {
        if (value.Type == JTokenType.String)
        {
            try { value = ParseJson.Parse(System.Text.Encoding.UTF8.GetBytes((string)value!)); }
            catch (JsonException) { throw Invalid("where is not valid JSON"); }
        }
        if (value is not JObject where) throw Invalid("where must be an object");
        return [.. where.Properties().Select(p => Condition(FieldOf(p.Name), p.Value))];
    }

    private static FieldCondition Condition(string field, JToken value)
    {
        if (value is not JObject constraint || !constraint.Properties().Any(p => p.Name.StartsWith('$')))
            return new FieldCondition(field, [JsonNodes.ToNode(value)]);
        if (constraint.Properties().Count() != 1) throw Invalid($"only one operator per field is supported ({field})");
        var (op, argument) = (constraint.Properties().Single().Name, constraint.Properties().Single().Value);
        return op switch
        {
            "$eq" => new FieldCondition(field, [JsonNodes.ToNode(argument)]),
            "$in" when argument is JArray values => new FieldCondition(field, [.. values.Select(JsonNodes.ToNode)]),
            "$in" => throw Invalid("$in needs an array"),
            _ => throw Invalid($"the operator {op} is not supported; use equality or $in"),
        };
    }

    private static IReadOnlyList<SortKey> Order(JToken value) =>
        [.. value.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(key => key.StartsWith('-') ? new SortKey(FieldOf(key[1..]), true) : new SortKey(FieldOf(key), false))];

    private static int Number(JToken value, string name) =>
        int.TryParse(value.ToString(), out var number) && number >= 0 ? number : throw Invalid($"{name} must be a non-negative integer");

    /// <summary>Query-string values are JSON when they parse as JSON (where={...}, limit=10), else strings.</summary>
    private static JToken ParseQueryValue(string text)
    {
        try { return ParseJson.Parse(System.Text.Encoding.UTF8.GetBytes(text)); }
        catch (JsonException) { return new JValue(text); }
    }

    private static PhoneAuthException Invalid(string what) => new(AuthError.InvalidQuery) { Args = [what] };
}
