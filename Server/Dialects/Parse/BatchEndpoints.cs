using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   POST /batch   {requests: [{method, path, body}], transaction?}: up to Data:MaxBatchSize requests,
///                 answered in order, each {success: …} or {error: {code, error}}
/// A request's path carries the mount path ("/parse/classes/GameScore"), as the SDK sends it. Object
/// writes and reads (/classes/{className}[/{id}], /roles[/{id}]) and updates and deletions of users
/// (/classes/_User/{id}, /users/{id}) can be batched. With transaction: true only object writes can,
/// and they run in one database transaction: all of them, or (answered 400 with the first refusal) none.
/// </summary>
internal static class BatchEndpoints
{
    private sealed record Route(string Method, string ClassName, string? Id, JsonObject Body);

    public static RouteGroupBuilder MapBatchEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/batch", BatchAsync);
        return group;
    }

    private static async Task BatchAsync(HttpContext http, ObjectWriter writer, ObjectReader reader, UserService users,
        [FromKeyedServices(ParseDialect.Name)] UserCodec codec, IOptions<ParseOptions> parse, IOptions<DataOptions> data)
    {
        var request = http.Wire();
        var requests = BatchRequests.Read(request.Body, data.Value.MaxBatchSize);
        var atomic = request.Body["transaction"] is JsonValue flag && flag.GetValueKind() == System.Text.Json.JsonValueKind.True;
        // A request that cannot be routed refuses the whole batch, before any runs, as in Parse Server.
        var routes = requests.Select(r => (Route: (Route?)Read(r, parse.Value.MountPath), Error: (PhoneAuthException?)null)).ToList();
        var caller = request.Caller;

        if (atomic)
        {
            var commands = new List<DataCommand>();
            foreach (var route in routes)
            {
                if (route.Error is { } error) throw error;
                commands.Add(Command(route.Route!) ?? throw new PhoneAuthException(AuthError.InvalidBatch)
                    { Args = [$"a transaction may hold object writes only, not {route.Route!.Method} of {route.Route.ClassName}"] });
            }
            var results = await writer.RunAsync(commands, atomic: true, caller, http.RequestAborted);
            if (results.FirstOrDefault(r => r.Error is not null)?.Error is { } refused) throw refused.InnerException as CloudFunctionException ?? (Exception)refused;
            await http.Response.WriteJsonAsync(new JsonArray([.. results.Select((r, i) => (JsonNode)new JsonObject { ["success"] = Answer(routes[i].Route!, r) })]));
            return;
        }

        var answers = new JsonArray();
        var locale = caller.Locale;
        foreach (var (route, error) in routes)
        {
            try
            {
                if (error is not null) throw error;
                answers.Add(new JsonObject { ["success"] = await RunAsync(route!, caller, writer, reader, users, codec, http.RequestAborted) });
            }
            catch (PhoneAuthException ex)
            {
                var entry = ParseErrorMap.For(ex.Error);
                answers.Add(new JsonObject { ["error"] = new JsonObject { ["code"] = entry.Code, ["error"] = ParseErrorMap.Message(ex, locale) } });
            }
            catch (CloudFunctionException own)
            {
                // A trigger's own code, as a single request would answer it.
                answers.Add(new JsonObject { ["error"] = new JsonObject { ["code"] = own.Code, ["error"] = own.Message } });
            }
        }
        await http.Response.WriteJsonAsync(answers);
    }

    private static async Task<JsonNode> RunAsync(Route route, RequestContext caller, ObjectWriter writer, ObjectReader reader, UserService users,
        UserCodec codec, CancellationToken cancellationToken)
    {
        if (route.ClassName == ClassNames.User)
        {
            switch (route.Method)
            {
                case "PUT" when route.Id is not null:
                    var result = await users.UpdateAsync(route.Id, codec.Read(route.Body), caller, cancellationToken);
                    var answer = new JsonObject { ["updatedAt"] = ParseEncoding.FormatDate(result.User.UpdatedAt) };
                    UserCodec.AddChangedFields(answer, route.Body, result.User, result.ChangedByTrigger);
                    if (result.NewSessionToken is { } token) answer["sessionToken"] = token;
                    return answer;
                case "DELETE" when route.Id is not null:
                    await users.DeleteAsync(route.Id, caller, cancellationToken);
                    return new JsonObject();
                default:
                    throw BatchRequests.CannotRoute(route.Method, "/classes/_User");
            }
        }
        if (route.Method == "GET" && route.Id is not null)
        {
            var found = await reader.GetAsync(route.ClassName, route.Id, [], null, caller, cancellationToken);
            return ObjectCodec.Write(found, caller, codec);
        }
        var command = Command(route) ?? throw BatchRequests.CannotRoute(route.Method, $"/classes/{route.ClassName}");
        return Answer(route, await writer.RunAsync(command, caller, cancellationToken));
    }

    private static DataCommand? Command(Route route) => (route.Method, route.Id) switch
    {
        ("POST", null) when route.ClassName != ClassNames.User => new CreateCommand(route.ClassName, ObjectCodec.Read(route.Body)),
        ("PUT", { } id) when route.ClassName != ClassNames.User => new UpdateCommand(route.ClassName, id, ObjectCodec.Read(route.Body)),
        ("DELETE", { } id) when route.ClassName != ClassNames.User => new DeleteCommand(route.ClassName, id),
        _ => null,
    };

    private static JsonNode Answer(Route route, CommandResult result) => route.Method switch
    {
        "POST" => ObjectAnswers.Created(result),
        "PUT" => ObjectAnswers.Updated(result),
        _ => new JsonObject(),
    };

    /// <summary>One request of the batch, routed; or 107 for the whole batch.</summary>
    private static Route Read(JsonNode? item, string mount)
    {
        if (item is not JsonObject request) throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["each request of a batch must be an object"] };
        var method = WireJson.Text(request["method"])?.ToUpperInvariant();
        var path = WireJson.Text(request["path"]) ?? throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["batch request path must be a string"] };
        var body = request["body"] switch
        {
            null => [],
            JsonObject given => (JsonObject)given.DeepClone(),
            _ => throw new PhoneAuthException(AuthError.InvalidJson),
        };
        if (!path.StartsWith(mount + "/", StringComparison.Ordinal)) throw BatchRequests.CannotRoute(path);
        var relative = path[mount.Length..];
        if (method is not ("GET" or "POST" or "PUT" or "DELETE")) throw BatchRequests.CannotRoute(method ?? "?", relative);
        var segments = relative[1..].Split('/');
        if (segments is ["batch"]) throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["nested batch requests are not allowed"] };
        var route = segments switch
        {
            ["classes", var className] => new Route(method, className, null, body),
            ["classes", var className, var id] => new Route(method, className, id, body),
            ["roles"] => new Route(method, ClassNames.Role, null, body),
            ["roles", var id] => new Route(method, ClassNames.Role, id, body),
            ["users", var id] => new Route(method, ClassNames.User, id, body),
            _ => throw BatchRequests.CannotRoute(method, relative),
        };
        if (!ClassNames.IsValid(route.ClassName) || route.ClassName == ClassNames.Session) throw BatchRequests.CannotRoute(method, relative);
        return route;
    }
}
