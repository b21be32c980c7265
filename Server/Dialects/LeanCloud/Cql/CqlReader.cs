using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud.Cql;

/// <summary>A CQL statement read: the class it queries and its query as /classes parameters (where, keys, include, order, limit, skip, count).</summary>
internal sealed record CqlStatement(string ClassName, JsonObject Parameters);

/// <summary>
/// Reads LeanCloud's CQL — <c>select [count(*),] [include f,] *|fields from Class [where …] [limit [skip,] n]
/// [order by f [asc|desc], …]</c> — into the parameters of a /classes query, which the kernel's
/// <see cref="QueryReader"/> then reads into the core's query model, as it reads any query: the same
/// checks of names, operators, values and patterns, and never SQL text. Conditions: <c>= != &lt;&gt; &lt;
/// &lt;= &gt; &gt;=</c>, <c>[not] in (…)</c>, <c>all (…)</c>, <c>is [not] exists</c>, <c>[not] like</c> (% and _),
/// <c>[not] regexp</c>, <c>size(f) = n</c>, sub-selects (<c>f in (select k from C where …)</c>, <c>= (select …)</c>),
/// <c>and</c>, <c>or</c> and parentheses. Values: strings, numbers, true, false, null, <c>date('…')</c>,
/// <c>pointer('Class', 'id')</c>, and <c>?</c>, replaced in order by <c>pvalues</c> (Parse JSON).
/// </summary>
internal sealed class CqlReader
{
    /// <summary>The longest statement read, in characters.</summary>
    public const int MaxLength = 4096;

    private const int MaxDepth = 8;

    private readonly List<CqlToken> _tokens;
    private readonly JsonArray _values;
    private int _at;
    private int _nextValue;
    private int _depth;

    private CqlReader(List<CqlToken> tokens, JsonArray values)
    {
        _tokens = tokens;
        _values = values;
    }

    /// <param name="cql">The statement.</param>
    /// <param name="pvalues">The placeholders' values, in order.</param>
    public static CqlStatement Read(string cql, JsonArray pvalues)
    {
        if (cql.Length > MaxLength) throw CqlLexer.Invalid($"a statement may be at most {MaxLength} characters", MaxLength);
        var reader = new CqlReader(CqlLexer.Read(cql), pvalues);
        var statement = reader.Select(topLevel: true);
        reader.Expect(CqlTokenKind.End, "the end of the statement");
        if (reader._nextValue != pvalues.Count)
            throw CqlLexer.Invalid($"{pvalues.Count} pvalues for {reader._nextValue} placeholders", cql.Length + 1);
        return statement;
    }

    private CqlToken Current => _tokens[_at];

    private CqlToken Next() => _tokens[_at++];

    private bool Accept(string keyword)
    {
        if (!Current.Is(keyword)) return false;
        _at++;
        return true;
    }

    private bool AcceptSymbol(string symbol)
    {
        if (!Current.IsSymbol(symbol)) return false;
        _at++;
        return true;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!Accept(keyword)) throw Unexpected($"'{keyword}'");
    }

    private void ExpectSymbol(string symbol)
    {
        if (!AcceptSymbol(symbol)) throw Unexpected($"'{symbol}'");
    }

    private CqlToken Expect(CqlTokenKind kind, string what) => Current.Kind == kind ? Next() : throw Unexpected(what);

    private PhoneAuthException Unexpected(string expected) =>
        CqlLexer.Invalid(Current.Kind == CqlTokenKind.End ? $"expected {expected}, the statement ended" : $"expected {expected}, found '{Shorten(Current.Text)}'", Current.Position);

    /// <summary>select …; a sub-select (<paramref name="topLevel"/> false) names one key and takes only a where.</summary>
    private CqlStatement Select(bool topLevel)
    {
        ExpectKeyword("select");
        var parameters = new JsonObject();
        var fields = new List<string>();
        var includes = new List<string>();
        bool all = false, count = false;
        do
        {
            if (AcceptSymbol("*")) all = true;
            else if (Current.Is("count") && _tokens[_at + 1].IsSymbol("("))
            {
                _at++;
                ExpectSymbol("(");
                ExpectSymbol("*");
                ExpectSymbol(")");
                count = true;
            }
            else if (Accept("include")) includes.Add(Expect(CqlTokenKind.Word, "a field to include").Text);
            else fields.Add(Expect(CqlTokenKind.Word, "a field, * or count(*)").Text);
        } while (AcceptSymbol(","));
        ExpectKeyword("from");
        var className = Expect(CqlTokenKind.Word, "a class name").Text;
        if (Accept("where")) parameters["where"] = Or();
        if (!topLevel)
        {
            if (fields.Count != 1 || all || count || includes.Count > 0) throw CqlLexer.Invalid("a sub-select names exactly one field", Current.Position);
            parameters["key"] = fields[0];
            return new CqlStatement(className, parameters);
        }
        for (var clause = 0; clause < 2; clause++)
        {
            if (Accept("limit")) Limit(parameters);
            else if (Accept("order")) Order(parameters);
        }
        if (!all && fields.Count > 0) parameters["keys"] = string.Join(",", fields.Concat(includes.Select(i => i.Split('.')[0])).Distinct());
        if (includes.Count > 0) parameters["include"] = string.Join(",", includes);
        if (count)
        {
            parameters["count"] = 1;
            // count(*) alone counts only; with * or fields it also answers the objects.
            if (!all && fields.Count == 0) parameters["limit"] = 0;
        }
        return new CqlStatement(className, parameters);
    }

    private void Limit(JsonObject parameters)
    {
        var first = Integer();
        if (AcceptSymbol(","))
        {
            parameters["skip"] = first;
            parameters["limit"] = Integer();
        }
        else parameters["limit"] = first;
    }

    private long Integer()
    {
        var token = Expect(CqlTokenKind.Number, "a number");
        return long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value : throw CqlLexer.Invalid("expected a non-negative integer", token.Position);
    }

    private void Order(JsonObject parameters)
    {
        ExpectKeyword("by");
        var keys = new List<string>();
        do
        {
            var descending = AcceptSymbol("-");
            if (!descending) AcceptSymbol("+");
            var field = Expect(CqlTokenKind.Word, "a field to order by").Text;
            if (Accept("desc")) descending = true;
            else Accept("asc");
            keys.Add(descending ? "-" + field : field);
        } while (AcceptSymbol(","));
        parameters["order"] = string.Join(",", keys);
    }

    /// <summary>a or b or …, as {"$or": [...]}.</summary>
    private JsonObject Or()
    {
        var parts = new List<JsonObject> { And() };
        while (Accept("or")) parts.Add(And());
        return parts.Count == 1 ? parts[0] : new JsonObject { ["$or"] = new JsonArray([.. parts]) };
    }

    /// <summary>a and b and …, as {"$and": [...]}.</summary>
    private JsonObject And()
    {
        var parts = new List<JsonObject> { Primary() };
        while (Accept("and")) parts.Add(Primary());
        return parts.Count == 1 ? parts[0] : new JsonObject { ["$and"] = new JsonArray([.. parts]) };
    }

    /// <summary>( condition ), size(f) = n, or one field's condition.</summary>
    private JsonObject Primary()
    {
        if (AcceptSymbol("("))
        {
            var inner = Nested(Or);
            ExpectSymbol(")");
            return inner;
        }
        if (Current.Is("size") && _tokens[_at + 1].IsSymbol("("))
        {
            _at++;
            ExpectSymbol("(");
            var sized = Expect(CqlTokenKind.Word, "a field").Text;
            ExpectSymbol(")");
            ExpectSymbol("=");
            // As JSON text, as a body's numbers are: a number made in C# converts only to its own type.
            return Field(sized, new JsonObject { ["$size"] = JsonNode.Parse(Integer().ToString(CultureInfo.InvariantCulture)) });
        }
        var field = Expect(CqlTokenKind.Word, "a field").Text;
        return Condition(field);
    }

    private JsonObject Condition(string field)
    {
        if (Accept("is"))
        {
            var exists = !Accept("not");
            ExpectKeyword("exists");
            return Field(field, new JsonObject { ["$exists"] = exists });
        }
        var negated = Accept("not");
        if (Accept("in")) return In(field, negated);
        if (Accept("like")) return Negate(negated, Field(field, new JsonObject { ["$regex"] = Like(Expect(CqlTokenKind.String, "a pattern").Text) }));
        if (Accept("regexp")) return Negate(negated, Field(field, new JsonObject { ["$regex"] = Expect(CqlTokenKind.String, "a pattern").Text }));
        if (negated) throw Unexpected("in, like or regexp after not");
        if (Accept("all"))
        {
            ExpectSymbol("(");
            return Field(field, new JsonObject { ["$all"] = ValueList() });
        }
        var op = Expect(CqlTokenKind.Symbol, "a comparison").Text switch
        {
            "=" => "$eq",
            "!=" or "<>" => "$ne",
            "<" => "$lt",
            "<=" => "$lte",
            ">" => "$gt",
            ">=" => "$gte",
            _ => throw CqlLexer.Invalid("expected a comparison", _tokens[_at - 1].Position),
        };
        if (op is "$eq" or "$ne" && Current.IsSymbol("(") && _tokens[_at + 1].Is("select"))
        {
            _at++;
            return SubSelect(field, negated: op == "$ne");
        }
        return Field(field, new JsonObject { [op] = Value() });
    }

    /// <summary>in (values) or in (select key from …): $in / $nin, or $select / $dontSelect.</summary>
    private JsonObject In(string field, bool negated)
    {
        ExpectSymbol("(");
        if (Current.Is("select")) return SubSelect(field, negated);
        return Field(field, new JsonObject { [negated ? "$nin" : "$in"] = ValueList() });
    }

    private JsonObject SubSelect(string field, bool negated)
    {
        var inner = Nested(() => Select(topLevel: false));
        ExpectSymbol(")");
        var query = new JsonObject { ["className"] = inner.ClassName, ["where"] = inner.Parameters["where"]?.DeepClone() ?? new JsonObject() };
        return Field(field, new JsonObject
        {
            [negated ? "$dontSelect" : "$select"] = new JsonObject { ["query"] = query, ["key"] = inner.Parameters["key"]!.DeepClone() },
        });
    }

    /// <summary>Values separated by commas, up to the closing parenthesis (the opening one is read).</summary>
    private JsonArray ValueList()
    {
        var values = new JsonArray();
        if (AcceptSymbol(")")) return values;
        do values.Add(Value());
        while (AcceptSymbol(","));
        ExpectSymbol(")");
        return values;
    }

    private JsonNode? Value()
    {
        var token = Next();
        switch (token.Kind)
        {
            case CqlTokenKind.String:
                return JsonValue.Create(token.Text);
            case CqlTokenKind.Number:
                try { return WireJson.Parse(token.Text); }
                catch (PhoneAuthException) { throw CqlLexer.Invalid($"'{Shorten(token.Text)}' is not a number", token.Position); }
            case CqlTokenKind.Placeholder:
                if (_nextValue >= _values.Count) throw CqlLexer.Invalid($"placeholder {_nextValue + 1} has no value in pvalues", token.Position);
                return _values[_nextValue++]?.DeepClone();
            case CqlTokenKind.Word when token.Is("true") || token.Is("false"):
                return JsonValue.Create(token.Is("true"));
            case CqlTokenKind.Word when token.Is("null"):
                return null;
            case CqlTokenKind.Word when token.Is("date"):
                ExpectSymbol("(");
                var iso = Text("a date in ISO 8601");
                ExpectSymbol(")");
                return ParseEncoding.Date(DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                    ? at : throw CqlLexer.Invalid($"'{Shorten(iso)}' is not a date", token.Position));
            case CqlTokenKind.Word when token.Is("pointer"):
                ExpectSymbol("(");
                var className = Text("a class name");
                ExpectSymbol(",");
                var objectId = Text("an objectId");
                ExpectSymbol(")");
                return ParseEncoding.Pointer(className, objectId);
            case CqlTokenKind.Word when token.Is("geopoint") || token.Is("file"):
                throw CqlLexer.Invalid($"{token.Text.ToLowerInvariant()}() values are not supported", token.Position);
            default:
                _at--;
                throw Unexpected("a value");
        }
    }

    /// <summary>A function's text argument: a string, or a placeholder whose value is one.</summary>
    private string Text(string what)
    {
        if (Current.Kind != CqlTokenKind.Placeholder) return Expect(CqlTokenKind.String, what).Text;
        var token = Next();
        if (_nextValue >= _values.Count) throw CqlLexer.Invalid($"placeholder {_nextValue + 1} has no value in pvalues", token.Position);
        return WireJson.Text(_values[_nextValue++]) ?? throw CqlLexer.Invalid($"placeholder {_nextValue} must be {what}", token.Position);
    }

    /// <summary>LIKE's pattern as an anchored regular expression: % any run, _ any one character, the rest literal.</summary>
    private static string Like(string pattern)
    {
        var regex = new StringBuilder("^");
        foreach (var c in pattern)
        {
            regex.Append(c switch
            {
                '%' => ".*",
                '_' => ".",
                _ when char.IsAsciiLetterOrDigit(c) || c > 127 => c.ToString(),
                _ => "\\" + c,
            });
        }
        return regex.Append('$').ToString();
    }

    private static JsonObject Field(string field, JsonObject constraint) => new() { [field] = constraint };

    private static JsonObject Negate(bool negated, JsonObject condition) => negated ? new JsonObject { ["$nor"] = new JsonArray(condition) } : condition;

    private T Nested<T>(Func<T> read)
    {
        if (++_depth > MaxDepth) throw CqlLexer.Invalid($"conditions and sub-selects nest at most {MaxDepth} deep", Current.Position);
        var result = read();
        _depth--;
        return result;
    }

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
