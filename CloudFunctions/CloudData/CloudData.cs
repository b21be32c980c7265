using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Users;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>
/// App data for cloud code, with one caller's rights: the request's user, session and roles, as the
/// dialects would see them, or the master key after <see cref="AsMaster"/> (Parse's useMasterKey). Reads
/// and writes go through the same reader and writer as REST, so ACLs, class-level permissions, schemas,
/// limits and triggers hold alike, and errors keep their Parse codes.
/// </summary>
public sealed class CloudData
{
    private readonly CloudDataService _service;

    internal CloudData(CloudDataService service, RequestContext caller)
    {
        _service = service;
        Caller = caller;
    }

    /// <summary>Whose rights this handle uses.</summary>
    public RequestContext Caller { get; }

    public bool IsMaster => Caller.IsMaster;

    /// <summary>The same data with the master key: ACLs and class-level permissions do not apply (Parse's useMasterKey).</summary>
    public CloudData AsMaster() => IsMaster ? this : new CloudData(_service, CloudDataService.MasterOf(Caller));

    public CloudQuery Query(string className) => new(this, new ObjectQuery { ClassName = ClassNames.Check(className) });

    /// <summary>A query on the class <typeparamref name="T"/> maps to.</summary>
    public CloudQuery Query<T>() where T : ParseEntity => Query(TypedObjects.ClassOf(typeof(T)));

    /// <summary>One object by id, or 101 when it is missing or the caller may not read it.</summary>
    public Task<ParseObject> GetAsync(string className, string id, CancellationToken cancellationToken = default) =>
        Query(className).GetAsync(id, cancellationToken);

    public async Task<T> GetAsync<T>(string id, CancellationToken cancellationToken = default) where T : ParseEntity, new() =>
        (await Query<T>().GetAsync(id, cancellationToken)).As<T>();

    /// <summary>Creates or updates the object with its pending changes (field operations, ACL); afterwards it holds the stored state.</summary>
    public async Task SaveAsync(ParseObject obj, CancellationToken cancellationToken = default)
    {
        if (!obj.IsNew && !obj.IsDirty) return;
        if (obj.ClassName == ClassNames.User)
        {
            await SaveUserAsync(obj, cancellationToken);
            return;
        }
        DataCommand command = obj.IsNew ? new CreateCommand(obj.ClassName, obj.PendingChanges()) : new UpdateCommand(obj.ClassName, obj.Id!, obj.PendingChanges());
        var result = await _service.Writer.RunAsync(command, Caller, cancellationToken);
        obj.Saved(result.Object!);
    }

    /// <summary>
    /// A user's own fields and ACL, through the user service (its rules, its _User triggers): the user
    /// itself or the master key. Users are created, and their username, password, email and phone
    /// changed, by the user routes and the phone functions only.
    /// </summary>
    private async Task SaveUserAsync(ParseObject user, CancellationToken cancellationToken)
    {
        if (user.IsNew) throw new NotSupportedException("Users are created by sign-up and the phone functions, not by the data API.");
        if (user.DirtyKeys.FirstOrDefault(UserFields.Contains) is { } reserved)
            throw new PhoneAuthException(AuthError.FieldNotWritable) { Args = [reserved] };
        var changes = new UserChanges
        {
            Fields = new Dictionary<string, FieldOperation>(user.Changes, StringComparer.Ordinal),
            // A user without an ACL is its own only; the data API sets one, it does not remove it.
            Acl = user.AclChanged ? user.Acl ?? throw new PhoneAuthException(AuthError.InvalidAcl, "a user's ACL cannot be removed") : null,
        };
        var result = await _service.Users.UpdateAsync(user.Id!, changes, Caller, cancellationToken);
        user.SavedUser(result.User, UserService.SeesPrivateFields(result.User, Caller));
    }

    /// <summary>The user's built-in fields, which have flows of their own.</summary>
    private static readonly HashSet<string> UserFields =
        ["username", "password", "email", "emailVerified", "phone", "phoneVerified", "authData", "sessionToken"];

    /// <summary>Creates or updates an application object; afterwards it holds its id and times.</summary>
    public async Task SaveAsync<T>(T entity, CancellationToken cancellationToken = default) where T : ParseEntity
    {
        var obj = TypedObjects.ToObject(entity);
        await SaveAsync(obj, cancellationToken);
        TypedObjects.Saved(entity, obj);
    }

    /// <summary>Deletes the object, or 101 when it is missing or the caller may not write it.</summary>
    public async Task DestroyAsync(ParseObject obj, CancellationToken cancellationToken = default)
    {
        var id = obj.Id ?? throw new InvalidOperationException("An unsaved object cannot be destroyed.");
        if (obj.ClassName == ClassNames.User) await _service.Users.DeleteAsync(id, Caller, cancellationToken);
        else await _service.Writer.RunAsync(new DeleteCommand(obj.ClassName, id), Caller, cancellationToken);
    }

    public Task DestroyAsync<T>(T entity, CancellationToken cancellationToken = default) where T : ParseEntity =>
        DestroyAsync(ParseObject.WithoutData(TypedObjects.ClassOf(typeof(T)), entity.ObjectId ?? throw new InvalidOperationException("An unsaved object cannot be destroyed.")),
            cancellationToken);

    internal async Task<IReadOnlyList<ParseObject>> FindAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        if (query.ClassName == ClassNames.User)
        {
            var result = await _service.Users.QueryAsync(query, Caller, cancellationToken);
            var included = await _service.Reader.IncludeAsync([.. result.Users.Select(u => u.Fields)], query.Include, Caller, cancellationToken);
            return [.. result.Users.Select((u, i) => ParseObject.From(u, UserService.SeesPrivateFields(u, Caller), included[i], Caller))];
        }
        var page = await _service.Reader.FindAsync(query, Caller, cancellationToken);
        return [.. page.Objects.Select(o => ParseObject.From(o.Object, o.Included, Caller))];
    }

    internal async Task<ParseObject> GetAsync(ObjectQuery query, CancellationToken cancellationToken) =>
        (await FindAsync(query, cancellationToken)).FirstOrDefault() ?? throw new PhoneAuthException(AuthError.ObjectNotFound);

    internal async Task<long> CountAsync(ObjectQuery query, CancellationToken cancellationToken)
    {
        var counting = query with { Count = true, Limit = 0, Include = [] };
        if (query.ClassName == ClassNames.User) return (await _service.Users.QueryAsync(counting, Caller, cancellationToken)).Count ?? 0;
        return (await _service.Reader.FindAsync(counting, Caller, cancellationToken)).Count ?? 0;
    }
}
