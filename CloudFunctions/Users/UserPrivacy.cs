using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// The privacy of users inside queries, wherever _User appears: the query itself, or a sub-query of
/// any class ($inQuery, $select, and their negations). Without the master key a query may not name a
/// private field (a match would tell that a user has that phone or email), and a condition or order
/// on username leaves out other users whose username is a phone number, which other users never see.
/// </summary>
public static class UserPrivacy
{
    /// <summary>Fields other users must not see, query or sort by.</summary>
    public static readonly IReadOnlySet<string> PrivateFields = new HashSet<string>(StringComparer.Ordinal) { "email", "phone", "authData", "password" };

    private const string Username = "username";

    // LooksLikePhone as a pattern both engines run: separators and "+" before the first digit, then at
    // least seven digits among separators (full-width forms too).
    private const string Separators = @"\s\-.()/－．（）／　";
    private static readonly string PhoneShape = $"^[{Separators}+＋]*([0-9０-９][{Separators}]*){{7,}}$";

    /// <summary>The query as <paramref name="viewer"/> may run it, or 119 for a private field.</summary>
    public static ObjectQuery Restrict(ObjectQuery query, Viewer viewer)
    {
        if (viewer.IsMaster) return query;
        var where = Restrict(query.Where, viewer);
        if (query.ClassName != ClassNames.User) return query with { Where = where };

        if (query.Order.FirstOrDefault(k => IsPrivate(k.Path)) is { } key) throw Private(key.Path.Field);
        if (Names(query.Where, Username) || query.Order.Any(k => k.Path.Field == Username))
        {
            Condition notPhoneShaped = new NoneOf([new Matches(FieldPath.Of(Username), PhoneShape, "")]);
            if (viewer.UserId is { } me) notPhoneShaped = new AnyOf([notPhoneShaped, new Comparison(FieldPath.Of(DataFields.Id), Comparator.Equal, me)]);
            where = new AllOf([where, notPhoneShaped]);
        }
        return query with { Where = where };
    }

    private static Condition Restrict(Condition condition, Viewer viewer) => condition switch
    {
        AllOf all => new AllOf([.. all.Parts.Select(p => Restrict(p, viewer))]),
        AnyOf any => new AnyOf([.. any.Parts.Select(p => Restrict(p, viewer))]),
        NoneOf none => new NoneOf([.. none.Parts.Select(p => Restrict(p, viewer))]),
        MatchesQuery inner => inner with { Inner = Restrict(inner.Inner, viewer) },
        MatchesKeyInQuery inner when inner.Inner.ClassName == ClassNames.User && IsPrivate(inner.Key) => throw Private(inner.Key.Field),
        MatchesKeyInQuery inner => inner with { Inner = Restrict(inner.Inner, viewer) },
        _ => condition,
    };

    /// <summary>Whether the condition names <paramref name="field"/>; private fields refused on the way.</summary>
    private static bool Names(Condition condition, string field)
    {
        var names = false;
        foreach (var path in ConditionPaths.Of(condition))
        {
            if (IsPrivate(path)) throw Private(path.Field);
            names |= path.Field == field;
        }
        return names;
    }

    /// <summary>A private built-in field; an application's own field of the same name (FieldPath.Custom) is not.</summary>
    private static bool IsPrivate(FieldPath path) => !path.Custom && PrivateFields.Contains(path.Field);

    /// <summary>As Parse Server refuses a query on its protected email: 119 "Permission denied".</summary>
    private static PhoneAuthException Private(string field) => new(AuthError.ProtectedFieldQueried) { Args = [field, ClassNames.User] };
}
