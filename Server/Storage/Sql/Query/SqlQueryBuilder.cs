using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;

namespace PhoneAuth.Server.Storage.Sql.Query;

/// <summary>
/// Turns a typed query into SQL: a fixed grammar of clauses over fields that passed the core's checks,
/// with every value a parameter. Values are compared by the field's declared type (a date by its
/// canonical text, a pointer by its objectId); a value that cannot be of that type matches nothing.
/// Sub-queries ($inQuery, $select, $relatedTo) become sub-selects, so a query is one statement.
/// </summary>
internal sealed class SqlQueryBuilder(SqlFlavor flavor, QueryScope scope, SqlParameters parameters, Func<string, SqlSource> sourceOf)
{
    /// <summary>The WHERE of a query: its class, what the viewer may read, and its condition.</summary>
    public string Where(ObjectQuery query, SqlSource source)
    {
        var clauses = new List<string>();
        if (source.ClassFilter(parameters) is { } cls) clauses.Add(cls);
        if (source.ReadFilter(scope.Viewer, parameters) is { } read) clauses.Add(read);
        clauses.Add(Condition(query.Where, query.ClassName, source));
        return string.Join(" AND ", clauses);
    }

    /// <summary>The ORDER BY: the query's keys, then createdAt and id, so the order is the same on every engine.</summary>
    public string OrderBy(ObjectQuery query, SqlSource source)
    {
        var keys = new List<string>();
        foreach (var key in query.Order)
        {
            var field = source.Field(key.Path, Declared(query.ClassName, key.Path), null) ?? throw Unknown(key.Path);
            keys.Add(field.Sql + SqlFlavor.Direction(key.Descending));
        }
        keys.Add(source.CreatedAtColumn + SqlFlavor.Direction(false));
        keys.Add(flavor.TextColumn(source.IdColumn) + SqlFlavor.Direction(false));
        return string.Join(", ", keys);
    }

    private string Condition(Condition condition, string className, SqlSource source) => condition switch
    {
        AllOf all => all.Parts.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", all.Parts.Select(p => Condition(p, className, source))) + ")",
        AnyOf any => any.Parts.Count == 0 ? "1 = 0" : "(" + string.Join(" OR ", any.Parts.Select(p => Condition(p, className, source))) + ")",
        // A part on a missing field is NULL in SQL, not false: $nor must still match that object, as in Parse.
        NoneOf none => none.Parts.Count == 0 ? "1 = 1" : "NOT (" + string.Join(" OR ", none.Parts.Select(p => $"COALESCE({Condition(p, className, source)}, 1 = 0)")) + ")",
        Comparison comparison => Compare(comparison, className, source),
        InList list => In(list, className, source),
        ContainsAll all => ArrayTest(all.Path, all.Values, className, source, flavor.ArrayContainsAll),
        ContainedBy by => ArrayTest(by.Path, by.Values, className, source, flavor.ArrayContainedBy),
        Exists exists => ExistsTest(exists, className, source),
        Matches matches => Regex(matches, className, source),
        SizeIs size => JsonOf(size.Path, className, source) is { } array ? $"{flavor.ArrayLength(array)} = {parameters.Add(size.Size)}" : "1 = 0",
        RelatedTo related => RelatedTest(related, source),
        MatchesQuery inner => SubQuery(inner, className, source),
        MatchesKeyInQuery inner => KeyInQuery(inner, className, source),
        _ => throw new ArgumentException($"Unknown condition {condition.GetType().Name}.", nameof(condition)),
    };

    /// <summary>
    /// A relation field holds no value in the object: its members live in relations. Equality, $in and
    /// $inQuery on it ask whether the object's relation holds the given objects.
    /// </summary>
    private string RelationHolds(string className, SqlSource source, FieldPath path, string relatedIds) =>
        $"{source.IdColumn} IN (SELECT owning_id FROM relations WHERE owning_class = {parameters.Add(className)} " +
        $"AND field = {parameters.Add(path.Field)} AND related_id IN ({relatedIds}))";

    private string RelatedIds(IEnumerable<JsonNode?> values)
    {
        var ids = values.Select(ParseValues.PointerId).OfType<string>().Distinct().ToList();
        return ids.Count == 0 ? "NULL" : string.Join(", ", ids.Select(id => parameters.Add(id)));
    }

    private string Compare(Comparison comparison, string className, SqlSource source)
    {
        var declared = Declared(className, comparison.Path);
        if (declared?.Type == FieldType.Relation && comparison.Op is Comparator.Equal or Comparator.NotEqual)
        {
            var holds = RelationHolds(className, source, comparison.Path, RelatedIds([comparison.Value]));
            return comparison.Op == Comparator.Equal ? holds : $"NOT ({holds})";
        }
        if (comparison.Value is null)
        {
            var isNull = IsNull(comparison.Path, className, source);
            return comparison.Op switch
            {
                Comparator.Equal => isNull,
                Comparator.NotEqual => $"NOT {isNull}",
                _ => "1 = 0",
            };
        }
        // Equality with an array field means "the array holds the value", as in Parse.
        if (declared?.Type == FieldType.Array && comparison.Value is not JsonArray && comparison.Op is Comparator.Equal or Comparator.NotEqual)
        {
            var holds = flavor.ArrayContainsAny(Raw(comparison.Path, className, source), parameters.Add(JsonList([comparison.Value])));
            return comparison.Op == Comparator.Equal ? holds : $"NOT ({holds})";
        }
        var field = Field(comparison.Path, className, source, comparison.Value);
        var value = ValueFor(field.Kind, comparison.Value);
        if (value is null) return comparison.Op == Comparator.NotEqual ? "1 = 1" : "1 = 0";
        var placeholder = Placeholder(field.Kind, value);
        return comparison.Op switch
        {
            Comparator.Equal => $"{field.EqualitySql} = {placeholder}",
            // $ne also matches objects without the field, as in Parse.
            Comparator.NotEqual => $"({field.EqualitySql} <> {placeholder} OR {field.EqualitySql} IS NULL)",
            Comparator.Less => $"{field.Sql} < {placeholder}",
            Comparator.LessOrEqual => $"{field.Sql} <= {placeholder}",
            Comparator.Greater => $"{field.Sql} > {placeholder}",
            _ => $"{field.Sql} >= {placeholder}",
        };
    }

    private string In(InList list, string className, SqlSource source)
    {
        var declared = Declared(className, list.Path);
        if (declared?.Type == FieldType.Relation)
        {
            var holds = RelationHolds(className, source, list.Path, RelatedIds(list.Values));
            return list.Negated ? $"NOT ({holds})" : holds;
        }
        string test;
        var hasNull = list.Values.Any(v => v is null);
        if (declared?.Type == FieldType.Array)
        {
            test = flavor.ArrayContainsAny(Raw(list.Path, className, source), parameters.Add(JsonList(list.Values.Where(v => v is not null))));
        }
        else
        {
            var field = Field(list.Path, className, source, list.Values.FirstOrDefault(v => v is not null));
            var values = list.Values.Select(v => ValueFor(field.Kind, v)).OfType<object>().ToList();
            test = values.Count == 0 ? "1 = 0" : flavor.InList(field.EqualitySql, field.Kind, parameters.Add(flavor.ListParameter(field.Kind, values)));
        }
        var isNull = IsNull(list.Path, className, source);
        if (hasNull) test = $"({test} OR {isNull})";
        // $nin also matches objects without the field, unless null is among its values.
        return list.Negated ? (hasNull ? $"NOT {test}" : $"(NOT ({test}) OR {isNull})") : test;
    }

    private string ArrayTest(FieldPath path, IReadOnlyList<JsonNode?> values, string className, SqlSource source, Func<string, string, string> test) =>
        JsonOf(path, className, source) is { } array ? test(array, parameters.Add(JsonList(values))) : "1 = 0";

    private string ExistsTest(Exists exists, string className, SqlSource source)
    {
        var isNull = IsNull(exists.Path, className, source);
        return exists.Expected ? $"NOT {isNull}" : isNull;
    }

    private string Regex(Matches matches, string className, SqlSource source)
    {
        var field = source.Field(matches.Path, Declared(className, matches.Path), FieldKind.Text) ?? throw Unknown(matches.Path);
        if (field.Kind != FieldKind.Text) return "1 = 0";
        return flavor.Regex(field.Sql, parameters.Add(flavor.RegexPattern(matches.Pattern, matches.Options)));
    }

    private string RelatedTest(RelatedTo related, SqlSource source) =>
        $"{source.IdColumn} IN (SELECT related_id FROM relations WHERE owning_class = {parameters.Add(related.ClassName)} " +
        $"AND owning_id = {parameters.Add(related.ObjectId)} AND field = {parameters.Add(related.Key)})";

    private string SubQuery(MatchesQuery inner, string className, SqlSource source)
    {
        if (Declared(className, inner.Path)?.Type == FieldType.Relation)
        {
            var related = sourceOf(inner.Inner.ClassName);
            var holds = RelationHolds(className, source, inner.Path, $"SELECT {related.IdColumn} FROM {related.Table} WHERE {Where(inner.Inner, related)}");
            return inner.Negated ? $"NOT ({holds})" : holds;
        }
        var pointer = source.Field(inner.Path, Declared(className, inner.Path), FieldKind.PointerId) ?? throw Unknown(inner.Path);
        var innerSource = sourceOf(inner.Inner.ClassName);
        var select = $"SELECT {innerSource.IdColumn} FROM {innerSource.Table} WHERE {Where(inner.Inner, innerSource)}";
        return inner.Negated ? $"({pointer.Sql} IS NULL OR {pointer.Sql} NOT IN ({select}))" : $"{pointer.Sql} IN ({select})";
    }

    private string KeyInQuery(MatchesKeyInQuery inner, string className, SqlSource source)
    {
        var innerSource = sourceOf(inner.Inner.ClassName);
        var field = source.Field(inner.Path, Declared(className, inner.Path), null) ?? throw Unknown(inner.Path);
        // The inner key reads as the outer field does, unless its own schema says otherwise.
        var key = innerSource.Field(inner.Key, Declared(inner.Inner.ClassName, inner.Key), field.Kind) ?? throw Unknown(inner.Key);
        if (Comparable(field.Kind) != Comparable(key.Kind)) return inner.Negated ? "1 = 1" : "1 = 0"; // values of different types never match
        var select = $"SELECT {key.EqualitySql} FROM {innerSource.Table} WHERE {Where(inner.Inner, innerSource)} AND {key.EqualitySql} IS NOT NULL";
        return inner.Negated ? $"({field.EqualitySql} IS NULL OR {field.EqualitySql} NOT IN ({select}))" : $"{field.EqualitySql} IN ({select})";
    }

    /// <summary>Kinds whose SQL values compare with one another: texts (strings, dates as text, pointers' ids), or each kind alone.</summary>
    private static FieldKind Comparable(FieldKind kind) => kind is FieldKind.IsoDate or FieldKind.PointerId ? FieldKind.Text : kind;

    /// <summary>The field as its declared type reads it, or, undeclared, as the compared value's type does.</summary>
    private SqlField Field(FieldPath path, string className, SqlSource source, JsonNode? value) =>
        source.Field(path, Declared(className, path), KindOfValue(value)) ?? throw Unknown(path);

    /// <summary>
    /// The field's JSON value, for the array operators; null for a plain column (objectId, createdAt,
    /// username…), which never holds an array, so that those operators match nothing there.
    /// </summary>
    private string? JsonOf(FieldPath path, string className, SqlSource source) =>
        (source.Field(path, Declared(className, path), FieldKind.Json) ?? throw Unknown(path)).Json;

    private string Raw(FieldPath path, string className, SqlSource source)
    {
        var field = source.Field(path, Declared(className, path), FieldKind.Json) ?? throw Unknown(path);
        return field.Json ?? field.Sql;
    }

    private string IsNull(FieldPath path, string className, SqlSource source)
    {
        var field = source.Field(path, Declared(className, path), FieldKind.Json) ?? throw Unknown(path);
        return field.Json is { } json ? flavor.JsonIsNull(json) : $"{field.Sql} IS NULL";
    }

    private FieldSchema? Declared(string className, FieldPath path) =>
        path.IsNested || path.Custom ? null : scope.Schemas.GetValueOrDefault(className)?.Field(path.Field);

    private FieldKind? KindOfValue(JsonNode? value) => value switch
    {
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => FieldKind.Text,
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number => FieldKind.Number,
        JsonValue scalar when scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False => flavor.JsonBooleanKind,
        JsonObject obj when ParseValues.Text(obj["__type"]) == "Date" => FieldKind.IsoDate,
        JsonObject obj when ParseValues.Text(obj["__type"]) is "Pointer" => FieldKind.PointerId,
        null => null,
        _ => FieldKind.Json,
    };

    /// <summary>The parameter for <paramref name="value"/> compared with a field of <paramref name="kind"/>, or null when no value of that kind equals it.</summary>
    private static object? ValueFor(FieldKind kind, JsonNode? value)
    {
        switch (kind)
        {
            case FieldKind.Text:
                return ParseValues.Text(value);
            case FieldKind.Number:
                // Through the JSON text: a value made in C# (JsonValue<int>) converts only to its own type.
                return value is JsonValue n && n.GetValueKind() == JsonValueKind.Number
                    && double.TryParse(n.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
            case FieldKind.Boolean:
                return value is JsonValue b && b.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? b.GetValue<bool>() : null;
            case FieldKind.IsoDate:
                return value is JsonObject && ParseValues.InstantOf(value) is { } at ? ParseValues.Text(ParseValues.Date(at)["iso"]) : null;
            case FieldKind.MillisDate:
                return ParseValues.InstantOf(value)?.ToUnixTimeMilliseconds();
            case FieldKind.PointerId:
                return ParseValues.PointerId(value) ?? ParseValues.Text(value);
            default:
                try { return ParseValues.Canonical(value)?.ToJsonString(); }
                catch (CloudFunctions.Errors.PhoneAuthException) { return null; }
        }
    }

    private string Placeholder(FieldKind kind, object value)
    {
        var placeholder = parameters.Add(value);
        return kind == FieldKind.Json ? flavor.JsonValue(placeholder) : placeholder;
    }

    /// <summary>A JSON array of the values in their stored form, for the array operators.</summary>
    private static string JsonList(IEnumerable<JsonNode?> values)
    {
        var list = new JsonArray();
        foreach (var value in values)
        {
            try { list.Add(ParseValues.Canonical(value)); }
            catch (CloudFunctions.Errors.PhoneAuthException) { }
        }
        return list.ToJsonString();
    }

    private static CloudFunctions.Errors.PhoneAuthException Unknown(FieldPath path) =>
        new(CloudFunctions.Errors.AuthError.InvalidQuery) { Args = [$"{path} cannot be queried on this class"] };
}
