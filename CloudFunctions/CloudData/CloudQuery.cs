using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>
/// A query for cloud code, like <c>Parse.Query</c>: it builds the same <see cref="ObjectQuery"/> the
/// dialects read from a <c>where</c>, so it has every operator they have, and runs it with the rights of
/// the <see cref="CloudData"/> it came from (the caller's, or the master key's).
/// </summary>
public sealed class CloudQuery
{
    private readonly CloudData _data;

    internal CloudQuery(CloudData data, ObjectQuery query)
    {
        _data = data;
        Query = query;
    }

    public string ClassName => Query.ClassName;

    /// <summary>The query in the core's terms; a beforeFind trigger may replace it whole.</summary>
    public ObjectQuery Query
    {
        get => _query;
        set => _query = value ?? throw new ArgumentNullException(nameof(value), "A query cannot be replaced by nothing.");
    }

    private ObjectQuery _query = null!;

    internal CloudQuery Replace(ObjectQuery query)
    {
        Query = query;
        return this;
    }

    public CloudQuery EqualTo(string field, object? value) => Compare(field, Comparator.Equal, value);
    public CloudQuery NotEqualTo(string field, object? value) => Compare(field, Comparator.NotEqual, value);
    public CloudQuery LessThan(string field, object? value) => Compare(field, Comparator.Less, value);
    public CloudQuery LessThanOrEqualTo(string field, object? value) => Compare(field, Comparator.LessOrEqual, value);
    public CloudQuery GreaterThan(string field, object? value) => Compare(field, Comparator.Greater, value);
    public CloudQuery GreaterThanOrEqualTo(string field, object? value) => Compare(field, Comparator.GreaterOrEqual, value);
    public CloudQuery ContainedIn(string field, IEnumerable<object?> values) => Where(new InList(Path(field), Values(values), Negated: false));
    public CloudQuery NotContainedIn(string field, IEnumerable<object?> values) => Where(new InList(Path(field), Values(values), Negated: true));
    public CloudQuery ContainsAll(string field, IEnumerable<object?> values) => Where(new ContainsAll(Path(field), Values(values)));
    public CloudQuery ContainedBy(string field, IEnumerable<object?> values) => Where(new ContainedBy(Path(field), Values(values)));
    public CloudQuery Exists(string field) => Where(new Exists(Path(field), Expected: true));
    public CloudQuery DoesNotExist(string field) => Where(new Exists(Path(field), Expected: false));
    public CloudQuery SizeIs(string field, int size) => Where(new SizeIs(Path(field), size >= 0 ? size : throw Invalid("$size must not be negative")));

    /// <summary>$regex with options "i", "m", "x": a pattern this server runs in linear time (no back-references, no look-arounds), else 102.</summary>
    public CloudQuery Matches(string field, string pattern, string options = "")
    {
        if (options.Any(c => c is not ('i' or 'm' or 'x'))) throw Invalid("$options may hold only i, m and x");
        if (options.Distinct().Count() != options.Length) throw Invalid("$options may name each of i, m and x once");
        try
        {
            _ = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant
                | (options.Contains('i') ? RegexOptions.IgnoreCase : 0) | (options.Contains('m') ? RegexOptions.Multiline : 0)
                | (options.Contains('x') ? RegexOptions.IgnorePatternWhitespace : 0));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw Invalid("$regex is not a pattern this server runs (back-references and look-arounds are not supported)");
        }
        return Where(new Matches(Path(field), pattern, options));
    }

    public CloudQuery StartsWith(string field, string prefix) => Matches(field, "^" + Quote(prefix));
    public CloudQuery EndsWith(string field, string suffix) => Matches(field, Quote(suffix) + "$");
    public CloudQuery Contains(string field, string text) => Matches(field, Quote(text));

    /// <summary>$relatedTo: the objects in the relation <paramref name="key"/> of <paramref name="owner"/>.</summary>
    public CloudQuery RelatedTo(ParseObject owner, string key) =>
        Where(new RelatedTo(owner.ClassName, owner.Id ?? throw new InvalidOperationException("An unsaved object has no relations."), FieldPath.Parse(key).Field));

    /// <summary>$inQuery: the pointer field points to an object <paramref name="inner"/> finds.</summary>
    public CloudQuery MatchesQuery(string field, CloudQuery inner) => Where(new MatchesQuery(Path(field), inner.Query, Negated: false));
    public CloudQuery DoesNotMatchQuery(string field, CloudQuery inner) => Where(new MatchesQuery(Path(field), inner.Query, Negated: true));

    /// <summary>$select: the field equals the value of <paramref name="key"/> in an object <paramref name="inner"/> finds.</summary>
    public CloudQuery MatchesKeyInQuery(string field, string key, CloudQuery inner) => Where(new MatchesKeyInQuery(Path(field), inner.Query, Path(key), Negated: false));
    public CloudQuery DoesNotMatchKeyInQuery(string field, string key, CloudQuery inner) => Where(new MatchesKeyInQuery(Path(field), inner.Query, Path(key), Negated: true));

    /// <summary>$or: any of the queries (on this class) holds, besides this query's own conditions.</summary>
    public CloudQuery Or(params CloudQuery[] branches) => Where(new AnyOf([.. Branches(branches)]));

    /// <summary>$nor: none of the queries holds.</summary>
    public CloudQuery Nor(params CloudQuery[] branches) => Where(new NoneOf([.. Branches(branches)]));

    /// <summary>Adds a condition of the core's query model (every operator the dialects read).</summary>
    public CloudQuery Where(Condition condition)
    {
        Query = Query with { Where = Query.Where is AllOf { Parts: var parts } ? new AllOf([.. parts, condition]) : new AllOf([Query.Where, condition]) };
        return this;
    }

    public CloudQuery Include(params string[] paths)
    {
        foreach (var p in paths) if (p != "*") FieldPath.Parse(p);
        Query = Query with { Include = [.. Query.Include, .. paths] };
        return this;
    }

    public CloudQuery Ascending(string field) => Order(field, descending: false);
    public CloudQuery Descending(string field) => Order(field, descending: true);

    public CloudQuery Limit(int limit)
    {
        Query = Query with { Limit = limit >= 0 ? limit : throw Invalid("limit must not be negative") };
        return this;
    }

    public CloudQuery Skip(int skip)
    {
        Query = Query with { Skip = skip >= 0 ? skip : throw Invalid("skip must not be negative") };
        return this;
    }

    /// <summary>Only these fields (Parse's select / keys).</summary>
    public CloudQuery Select(params string[] keys)
    {
        foreach (var key in keys) FieldPath.Parse(key);
        Query = Query with { Keys = new HashSet<string>(keys, StringComparer.Ordinal) };
        return this;
    }

    public Task<IReadOnlyList<ParseObject>> FindAsync(CancellationToken cancellationToken = default) => _data.FindAsync(Query, cancellationToken);

    public async Task<IReadOnlyList<T>> FindAsync<T>(CancellationToken cancellationToken = default) where T : ParseEntity, new() =>
        [.. (await FindAsync(cancellationToken)).Select(o => o.As<T>())];

    /// <summary>The first match, or null.</summary>
    public async Task<ParseObject?> FirstAsync(CancellationToken cancellationToken = default) =>
        (await _data.FindAsync(Query with { Limit = 1 }, cancellationToken)).FirstOrDefault();

    public async Task<T?> FirstAsync<T>(CancellationToken cancellationToken = default) where T : ParseEntity, new() =>
        (await FirstAsync(cancellationToken))?.As<T>();

    /// <summary>The object with this id among the query's matches, or 101 (missing, or not readable).</summary>
    public async Task<ParseObject> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _data.GetAsync(Query with { Where = new AllOf([Query.Where, new Comparison(FieldPath.Of(DataFields.Id), Comparator.Equal, JsonValue.Create(id))]), Limit = 1 },
            cancellationToken);

    public async Task<T> GetAsync<T>(string id, CancellationToken cancellationToken = default) where T : ParseEntity, new() =>
        (await GetAsync(id, cancellationToken)).As<T>();

    /// <summary>How many objects match (every one, not only a page).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => _data.CountAsync(Query, cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> on every match, page by page in objectId order (Parse's each): the
    /// query may have no order, skip or limit of its own, as in Parse.
    /// </summary>
    public async Task EachAsync(Func<ParseObject, Task> action, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        if (Query.Order.Count > 0 || Query.Skip > 0) throw Invalid("each cannot be used with an order or a skip");
        if (pageSize is < 1 or > 1000) throw Invalid("each's page size must be 1 to 1000");
        string? last = null;
        while (true)
        {
            var page = Query with
            {
                Where = last is null ? Query.Where : new AllOf([Query.Where, new Comparison(FieldPath.Of(DataFields.Id), Comparator.Greater, JsonValue.Create(last))]),
                Order = [new OrderKey(FieldPath.Of(DataFields.Id), Descending: false)],
                Limit = pageSize,
                Skip = 0,
            };
            var found = await _data.FindAsync(page, cancellationToken);
            foreach (var obj in found) await action(obj);
            if (found.Count < pageSize) return;
            last = found[^1].Id;
        }
    }

    private CloudQuery Compare(string field, Comparator op, object? value) => Where(new Comparison(Path(field), op, ParseJson.From(value)));

    private CloudQuery Order(string field, bool descending)
    {
        Query = Query with { Order = [.. Query.Order, new OrderKey(Path(field), descending)] };
        return this;
    }

    private IEnumerable<Condition> Branches(CloudQuery[] branches) => branches.Select(b => b.ClassName == ClassName
        ? b.Query.Where
        : throw Invalid($"$or and $nor need queries on {ClassName}, not {b.ClassName}"));

    /// <summary>A field a query may name; as the dialects, never the password, tokens, authData or the ACL.</summary>
    private static FieldPath Path(string field)
    {
        var path = FieldPath.Parse(field);
        return path.Field is "password" or "authData" or "ACL" or "sessionToken" ? throw Invalid($"{path.Field} cannot be queried") : path;
    }

    private static IReadOnlyList<JsonNode?> Values(IEnumerable<object?> values) => [.. values.Select(ParseJson.From)];

    /// <summary>A literal for a pattern: each character but letters, digits and '_' escaped, which every regex engine reads alike.</summary>
    private static string Quote(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' || c > 127 ? c.ToString() : "\\" + c));

    private static PhoneAuthException Invalid(string what) => new(AuthError.InvalidQuery) { Args = [what] };
}
