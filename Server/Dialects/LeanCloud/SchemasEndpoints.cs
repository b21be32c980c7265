using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table (master key), LeanCloud's schema API, which reads schemas only:
///   GET /schemas               every class: {className: {field: {type, …}}}
///   GET /schemas/{className}   one class: {field: {type, …}}
/// A schema is its fields, the built-in ones included, in LeanCloud's names (_User's number is
/// mobilePhoneNumber), each field as the Parse dialect's /schemas writes it ({"type":"Pointer",
/// "targetClass":…}). Classes are made by their first write, or in the Parse dialect's /schemas.
/// </summary>
internal static class SchemasEndpoints
{
    private static readonly JsonObject BuiltInFields = new()
    {
        ["objectId"] = new JsonObject { ["type"] = "String" },
        ["ACL"] = new JsonObject { ["type"] = "ACL" },
        ["createdAt"] = new JsonObject { ["type"] = "Date" },
        ["updatedAt"] = new JsonObject { ["type"] = "Date" },
    };

    public static RouteGroupBuilder MapLeanCloudSchemasEndpoints(this RouteGroupBuilder parent)
    {
        // The master key first: nothing else is read for anyone else.
        var group = parent.MapGroup("/schemas").AddEndpointFilter((context, next) =>
            context.HttpContext.Wire().Caller.IsMaster ? next(context) : throw new PhoneAuthException(AuthError.MasterKeyOnly));
        group.MapGet("", async (HttpContext http, SchemaAdmin admin) =>
        {
            var answer = new JsonObject();
            foreach (var schema in await admin.ListAsync(http.Wire().Caller, http.RequestAborted)) answer[schema.ClassName] = Fields(schema);
            await http.Response.WriteJsonAsync(answer);
        });
        group.MapGet("/{className}", async (HttpContext http, string className, SchemaAdmin admin) =>
            await http.Response.WriteJsonAsync(Fields(await admin.GetAsync(className, http.Wire().Caller, http.RequestAborted))));
        return parent;
    }

    private static JsonObject Fields(ClassSchema schema)
    {
        var fields = (JsonObject)BuiltInFields.DeepClone();
        foreach (var (name, field) in SchemaJson.WriteFields(schema.Fields))
            fields[schema.ClassName == ClassNames.User ? LeanCloudName(name) : name] = field?.DeepClone();
        return fields;
    }

    /// <summary>_User's phone fields under LeanCloud's names.</summary>
    private static string LeanCloudName(string coreName) => coreName switch
    {
        "phone" => LeanCloudDialect.Fields.Phone,
        "phoneVerified" => LeanCloudDialect.Fields.PhoneVerified,
        _ => coreName,
    };
}
