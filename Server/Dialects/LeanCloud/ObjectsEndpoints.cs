using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table, LeanCloud's storage API over the core's objects (_User has routes of its own, which win
/// by their literal segment; _Session is not served here):
///   POST   /classes/{className}        create: 201 {objectId, createdAt} (the whole object with fetchWhenSave), Location
///   GET    /classes/{className}        query: {results[, count]}; $size, keys=-field, returnACL
///   GET    /classes/{className}/{id}   one object (its ACL with returnACL)
///   PUT    /classes/{className}/{id}   update: {objectId, updatedAt, operator results}; ?where= a condition (305), ?new=true the whole object
///   DELETE /classes/{className}/{id}   delete: {}; ?where= a condition (305)
///   the same under /roles for _Role
/// </summary>
internal static class ObjectsEndpoints
{
    public static RouteGroupBuilder MapLeanCloudObjectsEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/classes/{className}", CreateAsync);
        group.MapGet("/classes/{className}", QueryAsync);
        group.MapGet("/classes/{className}/{id}", GetAsync);
        group.MapPut("/classes/{className}/{id}", UpdateAsync);
        group.MapDelete("/classes/{className}/{id}", DeleteAsync);

        group.MapPost("/roles", (HttpContext http, ObjectWriter writer, ObjectReader reader, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec,
            IOptions<LeanCloudOptions> options) => CreateAsync(http, ClassNames.Role, writer, reader, codec, options));
        group.MapGet("/roles", (HttpContext http, ObjectReader reader, LeanCloudUserQueries users, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec) =>
            QueryAsync(http, ClassNames.Role, reader, users, codec));
        group.MapGet("/roles/{id}", (HttpContext http, string id, ObjectReader reader, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec) =>
            GetAsync(http, ClassNames.Role, id, reader, codec));
        group.MapPut("/roles/{id}", (HttpContext http, string id, ObjectWriter writer, ObjectReader reader, LeanCloudUserQueries users,
            [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec) => UpdateAsync(http, ClassNames.Role, id, writer, reader, users, codec));
        group.MapDelete("/roles/{id}", (HttpContext http, string id, ObjectWriter writer, LeanCloudUserQueries users,
            [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec) => DeleteAsync(http, ClassNames.Role, id, writer, users, codec));
        return group;
    }

    private static async Task CreateAsync(HttpContext http, string className, ObjectWriter writer, ObjectReader reader,
        [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec, IOptions<LeanCloudOptions> options)
    {
        var request = http.Wire();
        var write = LeanCloudObjects.ReadWriteOptions(LeanCloudObjects.Parameters(http.Request.Query), className, codec);
        var result = await writer.RunAsync(new CreateCommand(ObjectClass(className), ObjectCodec.Read(request.Body, leanCloudOperators: true)),
            request.Caller, http.RequestAborted);
        http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{options.Value.MountPath}/classes/{className}/{result.Object!.Id}";
        await http.Response.WriteJsonAsync(await LeanCloudObjects.CreatedAsync(result, write, reader, request.Caller, http.RequestAborted),
            StatusCodes.Status201Created);
    }

    private static async Task QueryAsync(HttpContext http, string className, ObjectReader reader, LeanCloudUserQueries users,
        [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var parameters = LeanCloudObjects.Parameters(http.Request.Query);
        var query = LeanCloudObjects.ReadQuery(request.Body, http.Request.Query, className);
        var redirect = WireJson.Text(request.Body[LeanCloudObjects.RedirectClassNameForKey] ?? parameters[LeanCloudObjects.RedirectClassNameForKey]);
        if (redirect is not null) query = query with { ClassName = await reader.RelationTargetAsync(className, redirect, http.RequestAborted) };
        var answer = query.ClassName == ClassNames.User
            ? await users.RunAsync(query, request.Caller, http.RequestAborted)
            : await RunAsync(query, LeanCloudObjects.Flag(request.Body, LeanCloudObjects.ReturnAcl) || LeanCloudObjects.Flag(parameters, LeanCloudObjects.ReturnAcl),
                request.Caller, reader, users, codec, http.RequestAborted);
        await http.Response.WriteJsonAsync(answer);
    }

    /// <summary>Runs a query on an application class (or _Role) and answers {results[, count]}; shared by the batch's GETs.</summary>
    internal static async Task<JsonObject> RunAsync(ObjectQuery query, bool returnAcl, RequestContext caller,
        ObjectReader reader, LeanCloudUserQueries users, UserCodec codec, CancellationToken cancellationToken)
    {
        users.CheckSubQueries(query.Where, caller);
        var page = await reader.FindAsync(codec.ToCore(query with { ClassName = ObjectClass(query.ClassName) }), caller, cancellationToken);
        var answer = new JsonObject { ["results"] = new JsonArray([.. page.Objects.Select(o => (JsonNode)LeanCloudObjects.Write(o, caller, codec, returnAcl))]) };
        if (page.Count is { } count) answer["count"] = count;
        return answer;
    }

    private static async Task GetAsync(HttpContext http, string className, string id, ObjectReader reader, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var parameters = LeanCloudObjects.Parameters(http.Request.Query);
        var query = LeanCloudObjects.ReadQuery(request.Body, http.Request.Query, className);
        var found = await reader.GetAsync(ObjectClass(className), id, query.Include, query.Keys, request.Caller, http.RequestAborted, query.ExcludeKeys);
        await http.Response.WriteJsonAsync(LeanCloudObjects.Write(found, request.Caller, codec, LeanCloudObjects.Flag(parameters, LeanCloudObjects.ReturnAcl)));
    }

    private static async Task UpdateAsync(HttpContext http, string className, string id, ObjectWriter writer, ObjectReader reader,
        LeanCloudUserQueries users, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var write = LeanCloudObjects.ReadWriteOptions(LeanCloudObjects.Parameters(http.Request.Query), className, codec);
        users.CheckSubQueries(write.Where, request.Caller);
        var command = new UpdateCommand(ObjectClass(className), id, ObjectCodec.Read(request.Body, leanCloudOperators: true), write.Where);
        var result = await writer.RunAsync(command, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(await LeanCloudObjects.UpdatedAsync(result, write, reader, request.Caller, http.RequestAborted));
    }

    private static async Task DeleteAsync(HttpContext http, string className, string id, ObjectWriter writer,
        LeanCloudUserQueries users, [FromKeyedServices(LeanCloudDialect.Name)] UserCodec codec)
    {
        var write = LeanCloudObjects.ReadWriteOptions(LeanCloudObjects.Parameters(http.Request.Query), className, codec);
        users.CheckSubQueries(write.Where, http.Wire().Caller);
        await writer.RunAsync(new DeleteCommand(ObjectClass(className), id, write.Where), http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    /// <summary>A class these routes serve: an application class or _Role; _Session is not part of LeanCloud's storage API (103).</summary>
    internal static string ObjectClass(string className) =>
        ClassNames.IsObjectClass(ClassNames.Check(className)) ? className : throw new PhoneAuthException(AuthError.InvalidClassName) { Args = [className] };
}
