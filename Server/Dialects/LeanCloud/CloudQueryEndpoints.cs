using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;
using PhoneAuth.Server.Dialects.LeanCloud.Cql;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table:
///   GET /cloudQuery?cql=…&amp;pvalues=[…]   LeanCloud's CQL (AV.Query.doCloudQuery): {results, className[, count]}
/// The statement is read into a /classes query (<see cref="CqlReader"/>) and runs as one: the same
/// checks, permissions and limits, on _User the same privacy and LeanCloud:AllowClientUserQueries.
/// </summary>
internal static class CloudQueryEndpoints
{
    public static RouteGroupBuilder MapLeanCloudCloudQueryEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/cloudQuery", CloudQueryAsync);
        return group;
    }

    private static async Task CloudQueryAsync(HttpContext http, ObjectReader reader, LeanCloudUserQueries users,
        [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var parameters = LeanCloudObjects.Parameters(http.Request.Query);
        foreach (var (name, value) in request.Body) parameters[name] = value?.DeepClone();
        var cql = WireJson.Text(parameters["cql"]) is { Length: > 0 } text ? text : throw new PhoneAuthException(AuthError.MissingParameter) { Args = ["cql"] };
        var statement = CqlReader.Read(cql, PlaceholderValues(parameters["pvalues"]));
        var query = LeanCloudObjects.ReadQuery(statement.Parameters, QueryCollection.Empty, ClassNames.Check(statement.ClassName));
        var answer = query.ClassName == ClassNames.User
            ? await users.RunAsync(query, request.Caller, http.RequestAborted)
            : await ObjectsEndpoints.RunAsync(query, returnAcl: false, request.Caller, reader, users, codec, http.RequestAborted);
        answer["className"] = query.ClassName;
        await http.Response.WriteJsonAsync(answer);
    }

    /// <summary>pvalues: a JSON array (in the URL, as text), or none.</summary>
    private static JsonArray PlaceholderValues(JsonNode? given) => given switch
    {
        null => [],
        JsonArray values => values,
        _ when WireJson.Text(given) is { } text => WireJson.Parse(text) as JsonArray
            ?? throw new PhoneAuthException(AuthError.InvalidParameterType) { Args = ["pvalues", "Array"] },
        _ => throw new PhoneAuthException(AuthError.InvalidParameterType) { Args = ["pvalues", "Array"] },
    };
}
