using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table:
///   POST /batch   {requests: [{method, path, body, params}]}: up to Data:MaxBatchSize requests, each run on
///                 its own and answered in order, {success: …} or {error: {code, error}}
/// Paths carry the mount ("/1.1/classes/Post"), as the SDKs send them: objects and roles (create, get,
/// query with params, update, delete; params hold fetchWhenSave and a write's where), users (sign-up
/// at /users, get, update, delete), and destroyAll's deletion of several ids of one class at once
/// ("/1.1/classes/Post/id1,id2"), answered as one request: {success: {}} when every deletion succeeded,
/// else the first refusal. A request that cannot be routed refuses the whole batch (107) before any runs.
/// </summary>
internal static class BatchEndpoints
{
    private sealed record Route(string Method, string ClassName, IReadOnlyList<string> Ids, bool SignUp, JsonObject Body, JsonObject Parameters);

    public static RouteGroupBuilder MapLeanCloudBatchEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/batch", BatchAsync);
        return group;
    }

    private static async Task BatchAsync(HttpContext http, ObjectWriter writer, ObjectReader reader, UserService users, LeanCloudUserQueries userQueries,
        [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec, IOptions<LeanCloudOptions> leanCloud, IOptions<DataOptions> data)
    {
        var request = http.Wire();
        var requests = BatchRequests.Read(request.Body, data.Value.MaxBatchSize);
        var routes = requests.Select(r => Read(r, leanCloud.Value.MountPath, data.Value.MaxBatchSize)).ToList();
        var runner = new Runner(http, writer, reader, users, userQueries, codec);
        var answers = new JsonArray();
        foreach (var route in routes)
        {
            try
            {
                answers.Add(new JsonObject { ["success"] = await runner.RunAsync(route) });
            }
            catch (PhoneAuthException ex)
            {
                var entry = LeanCloudErrorMap.For(ex);
                answers.Add(new JsonObject { ["error"] = new JsonObject { ["code"] = entry.Code, ["error"] = LeanCloudErrorMap.Message(ex, request.Caller.Locale) } });
            }
            catch (CloudFunctionException own)
            {
                // A hook's own code, as a single request would answer it.
                answers.Add(new JsonObject { ["error"] = new JsonObject { ["code"] = own.Code, ["error"] = own.Message } });
            }
        }
        await http.Response.WriteJsonAsync(answers);
    }

    /// <summary>Runs one routed request with the batch's caller, as its own route would.</summary>
    private sealed class Runner(HttpContext http, ObjectWriter writer, ObjectReader reader, UserService users, LeanCloudUserQueries userQueries, UserCodec codec)
    {
        private RequestContext Caller => http.Wire().Caller;
        private CancellationToken Aborted => http.RequestAborted;

        public Task<JsonNode> RunAsync(Route route) => route.ClassName == ClassNames.User ? UserAsync(route) : ObjectAsync(route);

        private async Task<JsonNode> ObjectAsync(Route route)
        {
            // A write's params: its where and fetchWhenSave. A GET's params are its query.
            WriteOptions Options()
            {
                var options = LeanCloudObjects.ReadWriteOptions(route.Parameters, route.ClassName, codec);
                userQueries.CheckSubQueries(options.Where, Caller);
                return options;
            }
            switch (route.Method, route.Ids.Count)
            {
                case ("POST", 0):
                    var created = await writer.RunAsync(new CreateCommand(route.ClassName, ObjectCodec.Read(route.Body, leanCloudOperators: true)), Caller, Aborted);
                    return await LeanCloudObjects.CreatedAsync(created, Options(), reader, Caller, Aborted);
                case ("GET", 0):
                    var query = LeanCloudObjects.ReadQuery(route.Parameters, QueryCollection.Empty, route.ClassName);
                    // A relation's query (the SDK's relation.query()): the objects of the class the relation holds, as at /classes.
                    if (WireJson.Text(route.Parameters[LeanCloudObjects.RedirectClassNameForKey]) is { } redirect)
                        query = query with { ClassName = await reader.RelationTargetAsync(route.ClassName, redirect, Aborted) };
                    if (query.ClassName == ClassNames.User) return await userQueries.RunAsync(query, Caller, Aborted);
                    return await ObjectsEndpoints.RunAsync(query, LeanCloudObjects.Flag(route.Parameters, LeanCloudObjects.ReturnAcl), Caller, reader, userQueries, codec, Aborted);
                case ("GET", 1):
                    var shape = LeanCloudObjects.ReadQuery(route.Parameters, QueryCollection.Empty, route.ClassName);
                    var found = await reader.GetAsync(route.ClassName, route.Ids[0], shape.Include, shape.Keys, Caller, Aborted, shape.ExcludeKeys);
                    return LeanCloudObjects.Write(found, Caller, codec, LeanCloudObjects.Flag(route.Parameters, LeanCloudObjects.ReturnAcl));
                case ("PUT", 1):
                    var update = Options();
                    var command = new UpdateCommand(route.ClassName, route.Ids[0], ObjectCodec.Read(route.Body, leanCloudOperators: true), update.Where);
                    return await LeanCloudObjects.UpdatedAsync(await writer.RunAsync(command, Caller, Aborted), update, reader, Caller, Aborted);
                case ("DELETE", > 0):
                    // destroyAll: every id of one class, each on its own; the first refusal is the answer.
                    var where = Options().Where;
                    var results = await writer.RunAsync([.. route.Ids.Select(id => (DataCommand)new DeleteCommand(route.ClassName, id, where))],
                        atomic: false, Caller, Aborted);
                    return results.FirstOrDefault(r => r.Error is not null)?.Error is { } refused
                        ? throw refused.InnerException as CloudFunctionException ?? (Exception)refused
                        : new JsonObject();
                default:
                    throw BatchRequests.CannotRoute(route.Method, $"/classes/{route.ClassName}");
            }
        }

        private async Task<JsonNode> UserAsync(Route route)
        {
            switch (route.Method, route.Ids.Count)
            {
                case ("POST", 0) when route.SignUp:
                    var signedUp = await users.SignUpAsync(codec.Read(route.Body), Caller, Aborted);
                    return codec.LoggedIn(signedUp.Session);
                case ("GET", 0):
                    var query = LeanCloudObjects.ReadQuery(route.Parameters, QueryCollection.Empty, ClassNames.User);
                    return await userQueries.RunAsync(query, Caller, Aborted);
                case ("GET", 1):
                    return codec.Shown(await users.GetAsync(route.Ids[0], Caller, Aborted), Caller);
                case ("PUT", 1):
                    var updated = await users.UpdateAsync(route.Ids[0], codec.Read(route.Body), Caller, Aborted);
                    var answer = LeanCloudObjects.Flag(route.Parameters, "new") || LeanCloudObjects.Flag(route.Parameters, "fetchWhenSave")
                        ? codec.Shown(updated.User, Caller)
                        : new JsonObject { ["objectId"] = updated.User.Id, ["updatedAt"] = ParseEncoding.FormatDate(updated.User.UpdatedAt) };
                    if (updated.NewSessionToken is { } token) answer["sessionToken"] = token;
                    return answer;
                case ("DELETE", 1):
                    await users.DeleteAsync(route.Ids[0], Caller, Aborted);
                    return new JsonObject();
                default:
                    throw BatchRequests.CannotRoute(route.Method, "/users");
            }
        }
    }

    /// <summary>One request of the batch, routed; or 107 for the whole batch.</summary>
    private static Route Read(JsonNode? item, string mount, int maxIds)
    {
        if (item is not JsonObject request) throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["each request of a batch must be an object"] };
        var method = WireJson.Text(request["method"])?.ToUpperInvariant();
        var path = WireJson.Text(request["path"]) ?? throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["batch request path must be a string"] };
        var body = Object(request["body"], "body");
        var parameters = Object(request["params"], "params");
        if (!path.StartsWith(mount + "/", StringComparison.Ordinal)) throw BatchRequests.CannotRoute(path);
        var relative = path[mount.Length..];
        if (method is not ("GET" or "POST" or "PUT" or "DELETE")) throw BatchRequests.CannotRoute(method ?? "?", relative);
        var route = relative[1..].Split('/') switch
        {
            ["batch"] => throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["nested batch requests are not allowed"] },
            ["classes", var className] => new Route(method, className, [], false, body, parameters),
            ["classes", var className, var ids] => new Route(method, className, Ids(ids, method, maxIds), false, body, parameters),
            ["roles"] => new Route(method, ClassNames.Role, [], false, body, parameters),
            ["roles", var id] => new Route(method, ClassNames.Role, [id], false, body, parameters),
            ["users"] => new Route(method, ClassNames.User, [], method == "POST", body, parameters),
            ["users", var id] when id != "me" => new Route(method, ClassNames.User, [id], false, body, parameters),
            _ => throw BatchRequests.CannotRoute(method, relative),
        };
        if (!ClassNames.IsValid(route.ClassName) || route.ClassName == ClassNames.Session || route.Ids.Any(id => id.Length == 0))
            throw BatchRequests.CannotRoute(method, relative);
        return route;
    }

    /// <summary>One id, or (destroyAll) several ids separated by commas in a DELETE, at most as many as a batch may hold.</summary>
    private static IReadOnlyList<string> Ids(string segment, string method, int maxIds)
    {
        var ids = segment.Split(',');
        if (ids.Length > 1 && method != "DELETE") throw BatchRequests.CannotRoute(method, segment);
        if (ids.Length > maxIds) throw new PhoneAuthException(AuthError.InvalidBatch) { Args = [$"one deletion may name at most {maxIds} ids"] };
        return ids;
    }

    private static JsonObject Object(JsonNode? value, string name) => value switch
    {
        null => [],
        JsonObject given => (JsonObject)given.DeepClone(),
        _ => throw new PhoneAuthException(AuthError.InvalidBatch) { Args = [$"batch request {name} must be an object"] },
    };
}
