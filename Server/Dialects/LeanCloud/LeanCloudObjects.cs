using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Objects as LeanCloud's storage API reads and answers them, over the kernel's Parse JSON: queries with
/// <c>$size</c>, <c>keys=-field</c> and <c>returnACL</c>; writes with Decrement and the bitwise operators, a
/// condition (<c>where</c>, 305 when the object does not meet it) and <c>fetchWhenSave</c> (<c>new=true</c>,
/// the whole object answered); and ACLs left out of answers unless the client asks for them (returnACL),
/// as LeanCloud answers.
/// </summary>
internal static class LeanCloudObjects
{
    public const string ReturnAcl = "returnACL";
    public const string RedirectClassNameForKey = "redirectClassNameForKey";

    private static readonly IReadOnlySet<string> QueryExtras = new HashSet<string>(StringComparer.Ordinal) { ReturnAcl, RedirectClassNameForKey };

    /// <summary>A query of <paramref name="className"/>, from the body (or a batch request's params) and the URL's parameters.</summary>
    public static ObjectQuery ReadQuery(JsonObject parameters, IQueryCollection queryString, string className) =>
        QueryReader.Read(parameters, queryString, className, QueryExtras, allowSize: true, keysMayExclude: true);

    /// <summary>The URL's parameters as one JSON object of strings, as a batch request's params hold them.</summary>
    public static JsonObject Parameters(IQueryCollection queryString)
    {
        var parameters = new JsonObject();
        foreach (var (name, value) in queryString) parameters[name] = value.ToString();
        return parameters;
    }

    /// <summary>Whether a parameter is set: true, "true" or 1, as the SDKs and REST clients send it.</summary>
    public static bool Flag(JsonObject parameters, string name) => parameters[name] switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString() == "1",
        var value => WireJson.Text(value) is "true" or "1",
    };

    /// <summary>
    /// A write's options: its condition (where, in the core's names: a sub-query on _User may name
    /// mobilePhoneNumber) and whether the whole object is answered (new=true, fetchWhenSave).
    /// </summary>
    public static WriteOptions ReadWriteOptions(JsonObject parameters, string className, UserCodec users)
    {
        Condition? where = parameters["where"] switch
        {
            null => null,
            var given when WireJson.Text(given) is { } text => WhereReader.Read(WireJson.Parse(text), allowSize: true),
            var given => WhereReader.Read(given, allowSize: true),
        };
        if (where is not null) where = users.ToCore(new ObjectQuery { ClassName = className, Where = where }).Where;
        return new WriteOptions(where, Flag(parameters, "new") || Flag(parameters, "fetchWhenSave"));
    }

    /// <summary>
    /// A found object as LeanCloud answers it: without its ACL unless asked (returnACL), in included
    /// objects too; asked, an object stored without one shows what that means, public read and write,
    /// as LeanCloud shows its default ACL.
    /// </summary>
    public static JsonObject Write(FoundObject found, RequestContext caller, UserCodec users, bool returnAcl)
    {
        var json = ObjectCodec.Write(found, caller, users);
        if (!returnAcl) RemoveAcls(json);
        else json[DataFields.Acl] ??= new JsonObject { ["*"] = new JsonObject { ["read"] = true, ["write"] = true } };
        return json;
    }

    /// <summary>201's answer: {objectId, createdAt} and the operators' results, or the whole object with fetchWhenSave.</summary>
    public static Task<JsonObject> CreatedAsync(CommandResult result, WriteOptions options, ObjectReader reader, RequestContext caller,
        CancellationToken cancellationToken) =>
        AnswerAsync(result, options, DataFields.CreatedAt, result.Object!.CreatedAt, reader, caller, cancellationToken);

    /// <summary>An update's answer: {objectId, updatedAt} and the operators' results, or the whole object with fetchWhenSave.</summary>
    public static Task<JsonObject> UpdatedAsync(CommandResult result, WriteOptions options, ObjectReader reader, RequestContext caller,
        CancellationToken cancellationToken) =>
        AnswerAsync(result, options, DataFields.UpdatedAt, result.Object!.UpdatedAt, reader, caller, cancellationToken);

    private static async Task<JsonObject> AnswerAsync(CommandResult result, WriteOptions options, string stampName, DateTimeOffset stamp,
        ObjectReader reader, RequestContext caller, CancellationToken cancellationToken)
    {
        // A writer who may not read the object gets the plain answer: fetchWhenSave shows no more than a get would.
        if (options.FetchWhenSave && await reader.AsSeenByAsync(result.Object!, caller, cancellationToken) is { } seen) return Whole(seen);
        var answer = new JsonObject { [DataFields.Id] = result.Object!.Id, [stampName] = ParseEncoding.FormatDate(stamp) };
        ObjectCodec.AddComputedFields(answer, result.Object, result.ComputedFields);
        return answer;
    }

    /// <summary>The object as stored, as its writer may see it, without its ACL (the SDK keeps the one it set).</summary>
    private static JsonObject Whole(StoredObject seen)
    {
        var json = ObjectCodec.Write(seen);
        json.Remove(DataFields.Acl);
        return json;
    }

    /// <summary>Removes the ACL of an object and of the application objects included in it (users show theirs, as in users' answers).</summary>
    private static void RemoveAcls(JsonObject json)
    {
        json.Remove(DataFields.Acl);
        foreach (var (_, value) in json)
        {
            IEnumerable<JsonNode?> items = value is JsonArray list ? list : new[] { value };
            foreach (var item in items)
            {
                if (item is JsonObject inner && WireJson.Text(inner["__type"]) == "Object" && WireJson.Text(inner["className"]) != ClassNames.User)
                    RemoveAcls(inner);
            }
        }
    }
}

/// <summary>What a LeanCloud write asks besides its fields: a condition the object must meet, and the whole object back.</summary>
internal sealed record WriteOptions(Condition? Where, bool FetchWhenSave);
