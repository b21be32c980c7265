using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table (master key):
///   GET    /schemas               every class's schema: {results}
///   GET    /schemas/{className}   one schema
///   POST   /schemas/{className}   create a class: fields, classLevelPermissions, indexes
///   PUT    /schemas/{className}   add or delete ({"__op":"Delete"}) fields and indexes; replace permissions
///   DELETE /schemas/{className}   drop an empty class
/// </summary>
internal static class SchemasEndpoints
{
    public static RouteGroupBuilder MapSchemasEndpoints(this RouteGroupBuilder parent)
    {
        // The master key first: no schema body is read for anyone else.
        var group = parent.MapGroup("/schemas").AddEndpointFilter((context, next) =>
            context.HttpContext.Wire().Caller.IsMaster ? next(context)
                : throw new PhoneAuthException(AuthError.MasterKeyOnly));
        group.MapGet("", async (HttpContext http, SchemaAdmin admin) =>
        {
            var schemas = await admin.ListAsync(http.Wire().Caller, http.RequestAborted);
            await http.Response.WriteJsonAsync(new JsonObject { ["results"] = new JsonArray([.. schemas.Select(s => (JsonNode)SchemaCodec.Write(s))]) });
        });
        group.MapGet("/{className}", async (HttpContext http, string className, SchemaAdmin admin) =>
            await http.Response.WriteJsonAsync(SchemaCodec.Write(await admin.GetAsync(className, http.Wire().Caller, http.RequestAborted))));
        group.MapPost("", (HttpContext http, SchemaAdmin admin) =>
            CreateAsync(http, WireJson.Text(http.Wire().Body["className"]) ?? "", admin));
        group.MapPost("/{className}", (HttpContext http, string className, SchemaAdmin admin) => CreateAsync(http, className, admin));
        group.MapPut("/{className}", async (HttpContext http, string className, SchemaAdmin admin) =>
        {
            var request = http.Wire();
            var schema = await admin.UpdateAsync(className, SchemaCodec.ReadChange(request.Body, className), request.Caller, http.RequestAborted);
            await http.Response.WriteJsonAsync(SchemaCodec.Write(schema));
        });
        group.MapDelete("/{className}", async (HttpContext http, string className, SchemaAdmin admin) =>
        {
            await admin.DeleteAsync(className, http.Wire().Caller, http.RequestAborted);
            await http.Response.WriteJsonAsync(new JsonObject());
        });
        return parent;
    }

    private static async Task CreateAsync(HttpContext http, string className, SchemaAdmin admin)
    {
        var request = http.Wire();
        var schema = await admin.CreateAsync(className, SchemaCodec.ReadDefinition(request.Body, className), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(SchemaCodec.Write(schema, withIdIndex: false));
    }
}
