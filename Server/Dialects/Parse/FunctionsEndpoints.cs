using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   POST /functions/{name}   run a cloud function → {"result": …}
/// </summary>
internal static class FunctionsEndpoints
{
    public static RouteGroupBuilder MapFunctionsEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/functions/{name}", RunAsync);
        return group;
    }

    private static async Task RunAsync(HttpContext http, string name, CloudFunctionRunner runner, [FromKeyedServices(ParseDialect.Name)] UserCodec users)
    {
        var request = http.Wire();
        var parameters = request.Body;
        // As in Parse Server, query-string parameters join the body's.
        foreach (var (key, value) in http.Request.Query) parameters.TryAdd(key, value.ToString());

        var result = await runner.RunAsync(name, parameters, request.Caller, http.RequestAborted);
        var encoded = ResultEncoder.Encode(result, users, request.Caller.User?.Id, request.Caller.IsMaster);
        await http.Response.WriteJsonAsync(new JsonObject { ["result"] = encoded });
    }
}
