using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table (the application's classes; _User, _Session and _SmsLog have routes of their own, which
/// win by their literal segment):
///   POST   /classes/{className}        create: 201 {objectId, createdAt}, Location
///   GET    /classes/{className}        query: {results[, count]}
///   GET    /classes/{className}/{id}   one object
///   PUT    /classes/{className}/{id}   update: {updatedAt, operator results}
///   DELETE /classes/{className}/{id}   delete: {}
///   the same under /roles for _Role
/// </summary>
internal static class ObjectsEndpoints
{
    public static RouteGroupBuilder MapObjectsEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/classes/{className}", (HttpContext http, string className, ObjectWriter writer, IOptions<ParseOptions> options) =>
            CreateAsync(http, className, writer, options));
        group.MapGet("/classes/{className}", QueryAsync);
        group.MapGet("/classes/{className}/{id}", GetAsync);
        group.MapPut("/classes/{className}/{id}", UpdateAsync);
        group.MapDelete("/classes/{className}/{id}", DeleteAsync);

        group.MapPost("/roles", (HttpContext http, ObjectWriter writer, IOptions<ParseOptions> options) => CreateAsync(http, ClassNames.Role, writer, options));
        group.MapGet("/roles", (HttpContext http, ObjectReader reader, UserService users, [FromKeyedServices(ParseDialect.Name)] UserCodec codec) =>
            QueryAsync(http, ClassNames.Role, reader, users, codec));
        group.MapGet("/roles/{id}", (HttpContext http, string id, ObjectReader reader, [FromKeyedServices(ParseDialect.Name)] UserCodec codec) =>
            GetAsync(http, ClassNames.Role, id, reader, codec));
        group.MapPut("/roles/{id}", (HttpContext http, string id, ObjectWriter writer) => UpdateAsync(http, ClassNames.Role, id, writer));
        group.MapDelete("/roles/{id}", (HttpContext http, string id, ObjectWriter writer) => DeleteAsync(http, ClassNames.Role, id, writer));
        return group;
    }

    private static async Task CreateAsync(HttpContext http, string className, ObjectWriter writer, IOptions<ParseOptions> options)
    {
        var request = http.Wire();
        var result = await writer.RunAsync(new CreateCommand(className, ObjectCodec.Read(request.Body)), request.Caller, http.RequestAborted);
        http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{options.Value.MountPath}/classes/{className}/{result.Object!.Id}";
        await http.Response.WriteJsonAsync(ObjectAnswers.Created(result), StatusCodes.Status201Created);
    }

    private static async Task QueryAsync(HttpContext http, string className, ObjectReader reader, UserService users,
        [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var redirect = WireJson.Text(request.Body["redirectClassNameForKey"]) ?? http.Request.Query["redirectClassNameForKey"].FirstOrDefault();
        var query = QueryReader.Read(request.Body, http.Request.Query, className, RedirectParameter);
        if (redirect is not null) query = query with { ClassName = await reader.RelationTargetAsync(className, redirect, http.RequestAborted) };
        if (query.ClassName == ClassNames.User)
        {
            // A relation of users, queried through its owner's class.
            await UsersEndpoints.WriteQueryAsync(http, query, users, reader, codec);
            return;
        }
        var page = await reader.FindAsync(query, request.Caller, http.RequestAborted);
        var answer = new JsonObject { ["results"] = new JsonArray([.. page.Objects.Select(o => ObjectCodec.Write(o, request.Caller, codec))]) };
        if (page.Count is { } count) answer["count"] = count;
        await http.Response.WriteJsonAsync(answer);
    }

    private static readonly IReadOnlySet<string> RedirectParameter = new HashSet<string> { "redirectClassNameForKey" };

    private static async Task GetAsync(HttpContext http, string className, string id, ObjectReader reader, [FromKeyedServices(ParseDialect.Name)] UserCodec codec)
    {
        var request = http.Wire();
        var (include, keys) = QueryReader.ReadGet(request.Body, http.Request.Query);
        var found = await reader.GetAsync(className, id, include, keys, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(ObjectCodec.Write(found, request.Caller, codec));
    }

    private static async Task UpdateAsync(HttpContext http, string className, string id, ObjectWriter writer)
    {
        var request = http.Wire();
        var result = await writer.RunAsync(new UpdateCommand(className, id, ObjectCodec.Read(request.Body)), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(ObjectAnswers.Updated(result));
    }

    private static async Task DeleteAsync(HttpContext http, string className, string id, ObjectWriter writer)
    {
        await writer.RunAsync(new DeleteCommand(className, id), http.Wire().Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }
}

/// <summary>The answers to writes, alone or in a batch.</summary>
internal static class ObjectAnswers
{
    public static JsonObject Created(CommandResult result)
    {
        var answer = new JsonObject
        {
            [DataFields.Id] = result.Object!.Id,
            [DataFields.CreatedAt] = ParseEncoding.FormatDate(result.Object.CreatedAt),
        };
        ObjectCodec.AddComputedFields(answer, result.Object, result.ComputedFields);
        return answer;
    }

    public static JsonObject Updated(CommandResult result)
    {
        var answer = new JsonObject { [DataFields.UpdatedAt] = ParseEncoding.FormatDate(result.Object!.UpdatedAt) };
        ObjectCodec.AddComputedFields(answer, result.Object, result.ComputedFields);
        return answer;
    }
}
