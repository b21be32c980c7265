using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The bounds of one query's cost (<see cref="DataOptions"/>): values per list, branches per $or,
/// nesting of conditions and sub-queries, pattern length, include paths and their depth. Past any, 102
/// naming the bound, before anything runs.
/// </summary>
public sealed class QueryGuard(IOptions<DataOptions> options)
{
    public void Check(ObjectQuery query) => Check(query, depth: 0);

    private void Check(ObjectQuery query, int depth)
    {
        var settings = options.Value;
        if (query.Include.Count > settings.MaxIncludes) throw Invalid($"at most {settings.MaxIncludes} include paths");
        if (query.Include.Any(p => p.Split('.').Length > settings.MaxIncludeDepth)) throw Invalid($"include paths at most {settings.MaxIncludeDepth} deep");
        if (query.Order.Count > 16) throw Invalid("at most 16 order keys");
        Check(query.Where, depth);
    }

    private void Check(Condition condition, int depth)
    {
        var settings = options.Value;
        if (depth > settings.MaxQueryDepth) throw Invalid($"conditions and sub-queries nested at most {settings.MaxQueryDepth} deep");
        switch (condition)
        {
            case AllOf { Parts: var parts }: CheckBranches(parts, depth); break;
            case AnyOf { Parts: var parts }: CheckBranches(parts, depth); break;
            case NoneOf { Parts: var parts }: CheckBranches(parts, depth); break;
            case InList { Values.Count: var n } when n > settings.MaxInValues: throw Invalid($"$in may list at most {settings.MaxInValues} values");
            case ContainsAll { Values.Count: var n } when n > settings.MaxInValues: throw Invalid($"$all may list at most {settings.MaxInValues} values");
            case ContainedBy { Values.Count: var n } when n > settings.MaxInValues: throw Invalid($"$containedBy may list at most {settings.MaxInValues} values");
            case Matches { Pattern.Length: var n } when n > settings.MaxRegexLength: throw Invalid($"a $regex may be at most {settings.MaxRegexLength} characters");
            case MatchesQuery inner: Check(inner.Inner, depth + 1); break;
            case MatchesKeyInQuery inner: Check(inner.Inner, depth + 1); break;
        }
    }

    private void CheckBranches(IReadOnlyList<Condition> parts, int depth)
    {
        if (parts.Count > options.Value.MaxBranches) throw Invalid($"at most {options.Value.MaxBranches} conditions in one $and, $or or $nor");
        foreach (var part in parts) Check(part, depth + 1);
    }

    private static PhoneAuthException Invalid(string what) => new(AuthError.InvalidQuery) { Args = [what] };
}
