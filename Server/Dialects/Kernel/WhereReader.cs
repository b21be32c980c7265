using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Reads Parse's <c>where</c> into the core's typed <see cref="Condition"/>, once, at the edge: every
/// field name is checked, every operator is one of a closed set, every value has the shape its operator
/// needs. What is not supported is answered 102 naming it, never ignored.
/// </summary>
public static class WhereReader
{
    private static readonly HashSet<string> Geo =
        ["$nearSphere", "$near", "$maxDistance", "$maxDistanceInRadians", "$maxDistanceInMiles", "$maxDistanceInKilometers",
         "$within", "$geoWithin", "$geoIntersects", "$box", "$polygon", "$centerSphere", "$point"];

    /// <summary>Field names no query may name (the password, tokens, identities, the ACL).</summary>
    private static readonly HashSet<string> Unqueryable = ["password", "authData", "ACL", "sessionToken"];

    /// <param name="where">The where object.</param>
    /// <param name="allowSize">Whether $size is an operator (LeanCloud) or an unknown one (Parse).</param>
    /// <param name="depth">How deep this where sits in $or, $and, $nor and sub-queries.</param>
    public static Condition Read(JsonNode? where, bool allowSize = false, int depth = 0)
    {
        if (depth > 16) throw Invalid("conditions nest too deep");
        if (where is null) return AllOf.Always;
        if (where is not JsonObject conditions) throw Invalid("where must be an object");
        var parts = new List<Condition>();
        foreach (var (key, value) in conditions)
        {
            parts.Add(key switch
            {
                "$or" => new AnyOf(Branches(key, value, allowSize, depth)),
                "$and" => new AllOf(Branches(key, value, allowSize, depth)),
                "$nor" => new NoneOf(Branches(key, value, allowSize, depth)),
                "$relatedTo" => RelatedTo(value),
                "$text" => throw Invalid("full-text search ($text) is not supported"),
                _ when key.StartsWith('$') => throw new PhoneAuthException(AuthError.InvalidKeyName) { Args = [Shorten(key)] },
                _ => Field(FieldOf(key), value, allowSize, depth),
            });
        }
        return parts.Count == 1 ? parts[0] : new AllOf(parts);
    }

    /// <summary>A field name a query may use, dots into Object fields allowed; else 102.</summary>
    public static FieldPath FieldOf(string name)
    {
        var path = FieldPath.Parse(name);
        return Unqueryable.Contains(path.Field) ? throw Invalid($"{path.Field} cannot be queried") : path;
    }

    private static List<Condition> Branches(string op, JsonNode? value, bool allowSize, int depth) =>
        value is JsonArray branches && branches.All(b => b is JsonObject)
            ? [.. branches.Select(b => Read(b, allowSize, depth + 1))]
            : throw Invalid($"{op} needs an array of where objects");

    private static Condition Field(FieldPath path, JsonNode? value, bool allowSize, int depth)
    {
        // A plain value, or an object without operators (a pointer, a date, an Object's value), is equality.
        if (value is not JsonObject constraint || !constraint.Any(p => p.Key.StartsWith('$')))
            return new Comparison(path, Comparator.Equal, value?.DeepClone());
        var parts = new List<Condition>();
        foreach (var (op, argument) in constraint)
        {
            if (op == "$options") continue;
            parts.Add(op switch
            {
                "$eq" => new Comparison(path, Comparator.Equal, Scalar(op, argument)),
                "$ne" => new Comparison(path, Comparator.NotEqual, Scalar(op, argument)),
                "$lt" => new Comparison(path, Comparator.Less, Scalar(op, argument)),
                "$lte" => new Comparison(path, Comparator.LessOrEqual, Scalar(op, argument)),
                "$gt" => new Comparison(path, Comparator.Greater, Scalar(op, argument)),
                "$gte" => new Comparison(path, Comparator.GreaterOrEqual, Scalar(op, argument)),
                "$in" => new InList(path, Values(op, argument), Negated: false),
                "$nin" => new InList(path, Values(op, argument), Negated: true),
                "$all" => new ContainsAll(path, Values(op, argument)),
                "$containedBy" => new ContainedBy(path, Values(op, argument)),
                "$exists" => new Exists(path, argument is JsonValue flag && flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? flag.GetValue<bool>() : throw Invalid("$exists needs true or false")),
                "$regex" => Regex(path, argument, constraint["$options"]),
                "$size" when allowSize => new SizeIs(path, argument is JsonValue size && size.TryGetValue<int>(out var n) && n >= 0 ? n : throw Invalid("$size needs a non-negative integer")),
                "$inQuery" => new MatchesQuery(path, InnerQuery(op, argument, allowSize, depth), Negated: false),
                "$notInQuery" => new MatchesQuery(path, InnerQuery(op, argument, allowSize, depth), Negated: true),
                "$select" => KeyInQuery(path, argument, allowSize, depth, negated: false),
                "$dontSelect" => KeyInQuery(path, argument, allowSize, depth, negated: true),
                "$text" => throw Invalid("full-text search ($text) is not supported"),
                _ when Geo.Contains(op) => throw Invalid($"geo queries ({op}) are not supported"),
                _ => throw Invalid($"the operator {Shorten(op)} is not supported"),
            });
        }
        return parts.Count == 1 ? parts[0] : new AllOf(parts);
    }

    /// <summary>A comparison's value: anything but an operator object ($relativeTime is not supported).</summary>
    private static JsonNode? Scalar(string op, JsonNode? value) =>
        value is JsonObject obj && obj.Any(p => p.Key.StartsWith('$'))
            ? throw Invalid($"{op} takes a value, not {obj.First(p => p.Key.StartsWith('$')).Key}")
            : value?.DeepClone();

    private static IReadOnlyList<JsonNode?> Values(string op, JsonNode? value) =>
        value is JsonArray values ? [.. values.Select(v => Scalar(op, v))] : throw new PhoneAuthException(AuthError.InvalidJson) { PublicMessage = $"bad {op} value" };

    /// <summary>
    /// $regex with $options i, m and x. \Q…\E (what the SDK's startsWith, endsWith and contains send)
    /// quotes a literal, as Parse Server reads it. The pattern must run in .NET's non-backtracking mode,
    /// which refuses back-references and look-arounds: matching is then linear, and cannot hang a process.
    /// </summary>
    private static Matches Regex(FieldPath path, JsonNode? pattern, JsonNode? options)
    {
        var text = WireJson.Text(pattern) ?? throw Invalid("$regex needs a string");
        var flags = options is null ? "" : WireJson.Text(options) ?? throw Invalid("$options needs a string");
        if (flags.Any(f => f is not ('i' or 'm' or 'x')) || flags.Distinct().Count() != flags.Length)
            throw new PhoneAuthException(AuthError.InvalidQuery) { PublicMessage = $"Bad $options value for query: {Shorten(flags)}" };
        text = Literalize(text);
        try
        {
            var regexOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant
                | (flags.Contains('i') ? RegexOptions.IgnoreCase : 0) | (flags.Contains('m') ? RegexOptions.Multiline : 0)
                | (flags.Contains('x') ? RegexOptions.IgnorePatternWhitespace : 0);
            _ = new Regex(text, regexOptions);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw Invalid("$regex is not a pattern this server runs (back-references and look-arounds are not supported)");
        }
        return new Matches(path, text, flags);
    }

    /// <summary>Each \Q…\E (or \Q to the end) as its characters escaped: a literal on every regex engine.</summary>
    private static string Literalize(string pattern)
    {
        var start = pattern.IndexOf("\\Q", StringComparison.Ordinal);
        if (start < 0) return pattern;
        var end = pattern.IndexOf("\\E", start + 2, StringComparison.Ordinal);
        var literal = end < 0 ? pattern[(start + 2)..] : pattern[(start + 2)..end];
        var escaped = string.Concat(literal.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127 ? c.ToString() : "\\" + c));
        return pattern[..start] + escaped + (end < 0 ? "" : Literalize(pattern[(end + 2)..]));
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    private static RelatedTo RelatedTo(JsonNode? value)
    {
        var pointer = value?["object"] as JsonObject;
        var key = WireJson.Text(value?["key"]);
        if (pointer is null || WireJson.Text(pointer["__type"]) != "Pointer" || key is null || !DataFields.IsValidName(key))
            throw Invalid("$relatedTo needs {\"object\": a pointer, \"key\": a field}");
        var target = ParseValues.Pointer(WireJson.Text(pointer["className"]), WireJson.Text(pointer["objectId"]));
        return new RelatedTo(WireJson.Text(target["className"])!, WireJson.Text(target["objectId"])!, key);
    }

    /// <summary>$inQuery's {"className": …, "where": …}.</summary>
    private static ObjectQuery InnerQuery(string op, JsonNode? value, bool allowSize, int depth) =>
        value is JsonObject inner && WireJson.Text(inner["className"]) is { } className
            ? new ObjectQuery { ClassName = ClassNames.Check(className), Where = Read(inner["where"] ?? new JsonObject(), allowSize, depth + 1) }
            : throw Invalid($"{op} needs {{\"className\": …, \"where\": …}}");

    /// <summary>$select's {"query": {"className": …, "where": …}, "key": …}.</summary>
    private static MatchesKeyInQuery KeyInQuery(FieldPath path, JsonNode? value, bool allowSize, int depth, bool negated)
    {
        var op = negated ? "$dontSelect" : "$select";
        if (value is not JsonObject spec || WireJson.Text(spec["key"]) is not { } key) throw Invalid($"{op} needs {{\"query\": …, \"key\": …}}");
        return new MatchesKeyInQuery(path, InnerQuery(op, spec["query"], allowSize, depth), FieldOf(key), negated);
    }

    private static PhoneAuthException Invalid(string what) => new(AuthError.InvalidQuery) { Args = [what] };
}
