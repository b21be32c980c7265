using System.Text.Json;
using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Users;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// The data browser, as the master key, through the core services the data routes use: SchemaAdmin (classes and
/// their schemas), ObjectReader (objects, with the same <c>where</c> JSON, read by the kernel's WhereReader),
/// ObjectWriter (delete), UserService (a role's users).
/// </summary>
public sealed class ConsoleData(SchemaAdmin schemas, ObjectReader reader, ObjectWriter writer, UserService users)
{
    public const int PageSize = 50;

    public Task<IReadOnlyList<ClassSchema>> ClassesAsync(RequestContext master, CancellationToken cancellationToken) =>
        schemas.ListAsync(master, cancellationToken);

    public async Task<DataView> BrowseAsync(string className, string? where, int skip, RequestContext master, CancellationToken cancellationToken)
    {
        var schema = await schemas.GetAsync(className, master, cancellationToken);
        Condition condition;
        try
        {
            condition = string.IsNullOrWhiteSpace(where) ? AllOf.Always : WhereReader.Read(JsonNode.Parse(where));
        }
        catch (Exception ex) when (ex is JsonException or PhoneAuthException)
        {
            return new DataView(schema, where, skip, [], 0, new Dictionary<string, RoleMembers>(), Problem(ex));
        }
        var query = new ObjectQuery
        {
            ClassName = className,
            Where = condition,
            Order = [new OrderKey(FieldPath.Of(DataFields.CreatedAt), Descending: true)],
            Limit = PageSize,
            Skip = Math.Max(0, skip),
            Count = true,
        };
        try
        {
            var page = await reader.FindAsync(query, master, cancellationToken);
            var members = new Dictionary<string, RoleMembers>();
            if (className == ClassNames.Role)
                foreach (var role in page.Objects)
                    members[role.Object.Id] = await MembersAsync(role.Object.Id, master, cancellationToken);
            return new DataView(schema, where, skip, [.. page.Objects.Select(o => o.Object)], page.Count ?? page.Objects.Count, members, null);
        }
        catch (PhoneAuthException ex)
        {
            return new DataView(schema, where, skip, [], 0, new Dictionary<string, RoleMembers>(), Problem(ex));
        }
    }

    /// <summary>The first 20 users and roles in a role's <c>users</c> and <c>roles</c> relations.</summary>
    private async Task<RoleMembers> MembersAsync(string roleId, RequestContext master, CancellationToken cancellationToken)
    {
        var roleUsers = await users.QueryAsync(new ObjectQuery
        {
            ClassName = ClassNames.User,
            Where = new RelatedTo(ClassNames.Role, roleId, "users"),
            Limit = 20,
        }, master, cancellationToken);
        var roles = await reader.FindAsync(new ObjectQuery
        {
            ClassName = ClassNames.Role,
            Where = new RelatedTo(ClassNames.Role, roleId, "roles"),
            Limit = 20,
        }, master, cancellationToken);
        return new RoleMembers([.. roleUsers.Users.Select(u => u.Username)], [.. roles.Objects.Select(r => (string?)r.Object.Fields["name"] ?? r.Object.Id)]);
    }

    public async Task<StoredObject> GetAsync(string className, string id, RequestContext master, CancellationToken cancellationToken) =>
        (await reader.GetAsync(className, id, [], null, master, cancellationToken)).Object;

    /// <summary>Applies <paramref name="changes"/>, JSON as the body of the API's PUT (values, operators, ACL); the problem, or null when done.</summary>
    public async Task<string?> UpdateAsync(string className, string id, string changes, RequestContext master, CancellationToken cancellationToken)
    {
        try
        {
            if (JsonNode.Parse(changes) is not JsonObject body) return "The changes must be a JSON object, as the body of a PUT.";
            var result = await writer.RunAsync(new UpdateCommand(className, id, ObjectCodec.Read(body)), master, cancellationToken);
            return result.Error is { } error ? Problem(error) : null;
        }
        catch (Exception ex) when (ex is JsonException or PhoneAuthException)
        {
            return Problem(ex);
        }
    }

    public async Task DeleteAsync(string className, string id, RequestContext master, CancellationToken cancellationToken)
    {
        var result = await writer.RunAsync(new DeleteCommand(className, id), master, cancellationToken);
        if (result.Error is { } error) throw error;
    }

    private static string Problem(Exception ex) => ex switch
    {
        PhoneAuthException p => p.PublicMessage ?? (p.Args.Count > 0 ? $"{p.Error}: {string.Join(", ", p.Args)}" : p.Error.ToString()),
        _ => "Not JSON: " + ex.Message,
    };
}

/// <summary>One page of a class in the data browser.</summary>
public sealed record DataView(ClassSchema Schema, string? Where, int Skip, IReadOnlyList<StoredObject> Objects, long Count,
    IReadOnlyDictionary<string, RoleMembers> RoleMembers, string? Problem);

/// <summary>A role's members: its users' usernames and its child roles' names.</summary>
public sealed record RoleMembers(IReadOnlyList<string> Users, IReadOnlyList<string> Roles);
