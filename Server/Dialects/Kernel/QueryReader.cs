using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using CultureInfo = System.Globalization.CultureInfo;
using NumberStyles = System.Globalization.NumberStyles;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Reads a Parse query — from the tunnelled body or the query string — into the core's typed
/// <see cref="ObjectQuery"/>: where, order, limit, skip, count, keys, excludeKeys, include. Parse Server's
/// other parameters that change nothing here (read preferences, hint, comment) are accepted; anything
/// else is answered 102 rather than silently ignored.
/// </summary>
public static class QueryReader
{
    private static readonly HashSet<string> Ignored = ["readPreference", "includeReadPreference", "subqueryReadPreference", "hint", "comment"];

    /// <param name="body">The body (the SDK sends a query in it).</param>
    /// <param name="queryString">The URL's parameters (REST clients send them there), read as JSON when they are JSON.</param>
    /// <param name="className">The class queried.</param>
    /// <param name="extra">Further parameters the dialect reads itself (LeanCloud's returnACL…), passed over here.</param>
    /// <param name="allowSize">Whether $size is an operator (LeanCloud) or an unknown one (Parse).</param>
    /// <param name="keysMayExclude">Whether a key "-field" in keys leaves that field out (LeanCloud), where Parse has excludeKeys.</param>
    public static ObjectQuery Read(JsonObject body, IQueryCollection queryString, string className, IReadOnlySet<string>? extra = null, bool allowSize = false,
        bool keysMayExclude = false)
    {
        var parameters = (JsonObject)body.DeepClone();
        foreach (var (name, value) in queryString) parameters[name] = ParseQueryValue(value.ToString());

        var query = new ObjectQuery { ClassName = className };
        foreach (var (name, value) in parameters)
        {
            query = name switch
            {
                "where" => query with { Where = WhereReader.Read(Where(value), allowSize) },
                "limit" => query with { Limit = Number(value, "limit") },
                "skip" => query with { Skip = Number(value, "skip") },
                "order" => query with { Order = Order(value) },
                "count" => query with { Count = value is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? flag.GetValue<bool>() : Plain(value) is "1" or "true" },
                "keys" when keysMayExclude => Keys(query, value),
                "keys" => query with { Keys = Names(value) },
                "excludeKeys" => query with { ExcludeKeys = Names(value) },
                "include" => query with { Include = [.. Names(value)] },
                "includeAll" => query with { Include = ["*"] },
                _ when Ignored.Contains(name) || extra?.Contains(name) == true => query,
                _ => throw new PhoneAuthException(AuthError.InvalidQuery) { PublicMessage = $"Invalid parameter for query: {(name.Length <= 64 ? name : name[..64] + "…")}" },
            };
        }
        return query;
    }

    /// <summary>The include and keys of a GET by id, which takes no other parameters.</summary>
    public static (IReadOnlyList<string> Include, IReadOnlySet<string>? Keys) ReadGet(JsonObject body, IQueryCollection queryString)
    {
        var query = Read(body, queryString, ClassNames.User);
        return (query.Include, query.Keys);
    }

    private static JsonNode? Where(JsonNode? value)
    {
        if (WireJson.Text(value) is not { } text) return value;
        try { return WireJson.Parse(text); }
        catch (PhoneAuthException) { throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = "where parameter is not valid JSON" }; }
    }

    private static IReadOnlyList<OrderKey> Order(JsonNode? value) =>
        [.. Plain(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(key => key.StartsWith('-') ? new OrderKey(WhereReader.FieldOf(key[1..]), true) : new OrderKey(WhereReader.FieldOf(key), false))];

    /// <summary>LeanCloud's keys: "a,b" keeps those fields, "-a,-b" leaves those out; both kinds in one list do both.</summary>
    private static ObjectQuery Keys(ObjectQuery query, JsonNode? value)
    {
        var names = Plain(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var excluded = names.Where(n => n.StartsWith('-')).Select(n => FieldPath.Parse(n[1..]).ToString()).ToHashSet(StringComparer.Ordinal);
        var kept = names.Where(n => !n.StartsWith('-')).Select(n => n == "*" ? n : FieldPath.Parse(n).ToString()).ToHashSet(StringComparer.Ordinal);
        return query with
        {
            Keys = kept.Count > 0 ? kept : query.Keys,
            ExcludeKeys = excluded.Count > 0 ? excluded : query.ExcludeKeys,
        };
    }

    /// <summary>Comma-separated field paths, each checked.</summary>
    private static HashSet<string> Names(JsonNode? value) =>
        Plain(value).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name == "*" ? name : FieldPath.Parse(name).ToString()).ToHashSet(StringComparer.Ordinal);

    private static int Number(JsonNode? value, string name) =>
        int.TryParse(Plain(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number : throw Invalid($"{name} must be a non-negative integer");

    /// <summary>A value as text, as a query-string parameter reads: strings as they are, anything else as JSON.</summary>
    private static string Plain(JsonNode? value) => WireJson.Text(value) ?? WireJson.Serialize(value);

    /// <summary>
    /// Query-string values are JSON when they parse as JSON (where={...}, limit=10), else strings. Text
    /// that cannot begin a JSON value (order=score, include=owner: a letter other than the literals') is a
    /// string without an attempt to parse it, which would cost two exceptions on every such request.
    /// </summary>
    private static JsonNode? ParseQueryValue(string text)
    {
        if (!MayBeJson(text)) return JsonValue.Create(text);
        try { return WireJson.Parse(text); }
        catch (PhoneAuthException) { return JsonValue.Create(text); }
    }

    /// <summary>
    /// Whether <paramref name="text"/> could be JSON as WireJson reads it: an object, an array, a string,
    /// a number, true, false or null, after white space or a comment.
    /// </summary>
    private static bool MayBeJson(string text)
    {
        var start = text.AsSpan().TrimStart(" \t\r\n");
        if (start.IsEmpty) return true; // let the parser say what empty text is
        return start[0] switch
        {
            '{' or '[' or '"' or '-' or '/' or (>= '0' and <= '9') => true,
            't' => start.StartsWith("true"),
            'f' => start.StartsWith("false"),
            'n' => start.StartsWith("null"),
            _ => false,
        };
    }

    private static PhoneAuthException Invalid(string what) => new(AuthError.InvalidQuery) { Args = [what] };
}
