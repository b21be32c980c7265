using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Data.Query;

/// <summary>
/// A query's condition in the core's terms: Parse's where-operators as types, validated once when the
/// wire's JSON was read. Values stay Parse JSON (a date is {"__type":"Date"}, a pointer {"__type":"Pointer"});
/// the storage compares them by the field's declared type.
/// </summary>
public abstract record Condition;

/// <summary>Every part holds ($and, and the fields of one where object). No parts: always true.</summary>
public sealed record AllOf(IReadOnlyList<Condition> Parts) : Condition
{
    public static readonly AllOf Always = new([]);
}

/// <summary>Some part holds ($or).</summary>
public sealed record AnyOf(IReadOnlyList<Condition> Parts) : Condition;

/// <summary>No part holds ($nor).</summary>
public sealed record NoneOf(IReadOnlyList<Condition> Parts) : Condition;

public enum Comparator { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual }

/// <summary>Equality, $ne, $lt, $lte, $gt, $gte. Equality with an array field means "contains"; $ne also matches a missing field.</summary>
public sealed record Comparison(FieldPath Path, Comparator Op, JsonNode? Value) : Condition;

/// <summary>$in (or $nin, <paramref name="Negated"/>, which also matches a missing field).</summary>
public sealed record InList(FieldPath Path, IReadOnlyList<JsonNode?> Values, bool Negated) : Condition;

/// <summary>$all: the array field holds every value.</summary>
public sealed record ContainsAll(FieldPath Path, IReadOnlyList<JsonNode?> Values) : Condition;

/// <summary>$containedBy: every item of the array field is one of the values.</summary>
public sealed record ContainedBy(FieldPath Path, IReadOnlyList<JsonNode?> Values) : Condition;

/// <summary>$exists: the field is set (not missing, not null), or not.</summary>
public sealed record Exists(FieldPath Path, bool Expected) : Condition;

/// <summary>$regex with $options ("i", "m", "x"): a pattern checked to run in linear time.</summary>
public sealed record Matches(FieldPath Path, string Pattern, string Options) : Condition;

/// <summary>$size (LeanCloud): the array field has exactly this many items.</summary>
public sealed record SizeIs(FieldPath Path, int Size) : Condition;

/// <summary>$relatedTo: the object is in the relation <paramref name="Key"/> of the given object.</summary>
public sealed record RelatedTo(string ClassName, string ObjectId, string Key) : Condition;

/// <summary>$inQuery / $notInQuery: the pointer field points to an object the inner query finds.</summary>
public sealed record MatchesQuery(FieldPath Path, ObjectQuery Inner, bool Negated) : Condition;

/// <summary>$select / $dontSelect: the field equals the value of <paramref name="Key"/> in some object the inner query finds.</summary>
public sealed record MatchesKeyInQuery(FieldPath Path, ObjectQuery Inner, FieldPath Key, bool Negated) : Condition;

/// <summary>The fields a condition names, through $and, $or and $nor (not inside sub-queries, which query other classes).</summary>
public static class ConditionPaths
{
    /// <summary>
    /// The condition with every field path replaced by <paramref name="map"/>(class, path), sub-queries
    /// and their keys included, each with the class it queries: a dialect renames its fields to the core's.
    /// </summary>
    public static Condition Map(Condition condition, string className, Func<string, FieldPath, FieldPath> map) => condition switch
    {
        AllOf all => new AllOf([.. all.Parts.Select(p => Map(p, className, map))]),
        AnyOf any => new AnyOf([.. any.Parts.Select(p => Map(p, className, map))]),
        NoneOf none => new NoneOf([.. none.Parts.Select(p => Map(p, className, map))]),
        Comparison c => c with { Path = map(className, c.Path) },
        InList c => c with { Path = map(className, c.Path) },
        ContainsAll c => c with { Path = map(className, c.Path) },
        ContainedBy c => c with { Path = map(className, c.Path) },
        Exists c => c with { Path = map(className, c.Path) },
        Matches c => c with { Path = map(className, c.Path) },
        SizeIs c => c with { Path = map(className, c.Path) },
        MatchesQuery c => c with { Path = map(className, c.Path), Inner = Map(c.Inner, map) },
        MatchesKeyInQuery c => c with { Path = map(className, c.Path), Inner = Map(c.Inner, map), Key = map(c.Inner.ClassName, c.Key) },
        _ => condition,
    };

    /// <summary>The query with every field path of its condition and order replaced by <paramref name="map"/>(class, path).</summary>
    public static ObjectQuery Map(ObjectQuery query, Func<string, FieldPath, FieldPath> map) => query with
    {
        Where = Map(query.Where, query.ClassName, map),
        Order = [.. query.Order.Select(k => k with { Path = map(query.ClassName, k.Path) })],
    };

    public static IEnumerable<FieldPath> Of(Condition condition) => condition switch
    {
        AllOf all => all.Parts.SelectMany(Of),
        AnyOf any => any.Parts.SelectMany(Of),
        NoneOf none => none.Parts.SelectMany(Of),
        Comparison c => [c.Path],
        InList c => [c.Path],
        ContainsAll c => [c.Path],
        ContainedBy c => [c.Path],
        Exists c => [c.Path],
        Matches c => [c.Path],
        SizeIs c => [c.Path],
        MatchesQuery c => [c.Path],
        MatchesKeyInQuery c => [c.Path],
        _ => [],
    };
}
