using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Queries on _User in /1.1 (GET /users, GET /classes/_User, a relation of users, CQL): the master key's,
/// and a client's only when <see cref="LeanCloudOptions.AllowClientUserQueries"/> is on, as LeanCloud
/// closes _User's find to clients by default (403 "Forbidden to find by class permissions."). The
/// fields are LeanCloud's: mobilePhoneNumber and mobilePhoneVerified are the number, matched in any
/// form it is read in (13800138000 finds +8613800138000), and an app's own phone is its own field.
/// </summary>
internal sealed class LeanCloudUserQueries(
    UserService users,
    ObjectReader reader,
    [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec,
    PhoneParser phones,
    IOptions<LeanCloudOptions> options)
{
    public async Task<JsonObject> RunAsync(ObjectQuery query, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!caller.IsMaster && !options.Value.AllowClientUserQueries) throw new PhoneAuthException(AuthError.ActionForbidden) { Args = ["find"] };
        var core = codec.ToCore(query);
        var result = await users.QueryAsync(core with { Where = NumbersToE164(core.Where) }, caller, cancellationToken);
        var included = await reader.IncludeAsync([.. result.Users.Select(u => u.Fields)], query.Include, caller, cancellationToken);
        var answer = new JsonObject
        {
            ["results"] = new JsonArray([.. result.Users.Select((user, i) =>
            {
                var json = codec.Found(user, caller, query.Keys, query.ExcludeKeys);
                ObjectCodec.Replace(json, included[i], caller, codec);
                return (JsonNode)json;
            })]),
        };
        if (result.Count is { } count) answer["count"] = count;
        return answer;
    }

    /// <summary>
    /// Refuses (403, as a query on _User is) a condition whose sub-queries search _User — $inQuery,
    /// $notInQuery, $select, $dontSelect, CQL's sub-selects — unless the caller may query users: else a
    /// query on another class, or a conditional write, would search users by a side door.
    /// </summary>
    public void CheckSubQueries(Condition? condition, RequestContext caller)
    {
        if (condition is null || caller.IsMaster || options.Value.AllowClientUserQueries) return;
        if (SearchesUsers(condition)) throw new PhoneAuthException(AuthError.ActionForbidden) { Args = ["find"] };
    }

    private static bool SearchesUsers(Condition condition) => condition switch
    {
        AllOf all => all.Parts.Any(SearchesUsers),
        AnyOf any => any.Parts.Any(SearchesUsers),
        NoneOf none => none.Parts.Any(SearchesUsers),
        MatchesQuery sub => sub.Inner.ClassName == ClassNames.User || SearchesUsers(sub.Inner.Where),
        MatchesKeyInQuery sub => sub.Inner.ClassName == ClassNames.User || SearchesUsers(sub.Inner.Where),
        _ => false,
    };

    /// <summary>Numbers compared with the stored phone (E.164) in the form stored; values that are no number stay as they are and match nothing.</summary>
    private Condition NumbersToE164(Condition condition) => condition switch
    {
        AllOf all => new AllOf([.. all.Parts.Select(NumbersToE164)]),
        AnyOf any => new AnyOf([.. any.Parts.Select(NumbersToE164)]),
        NoneOf none => new NoneOf([.. none.Parts.Select(NumbersToE164)]),
        Comparison comparison when IsPhone(comparison.Path) => comparison with { Value = E164(comparison.Value) },
        InList list when IsPhone(list.Path) => list with { Values = [.. list.Values.Select(E164)] },
        _ => condition,
    };

    private static bool IsPhone(FieldPath path) => path is { Field: "phone", Custom: false, IsNested: false };

    private JsonNode? E164(JsonNode? value) =>
        WireJson.Text(value) is { } text && phones.TryRead(text, out var phone) ? JsonValue.Create(phone.E164) : value?.DeepClone();
}
