using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Data.Query;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// The application's objects, and the members of their relations. Reads filter by the viewer's ACL
/// entities in the database; every write runs in a transaction that holds the object's row, so the
/// rules a write checks (ACL, types, sizes) see exactly the state it replaces, and concurrent writes to
/// one object (100 Increments from several processes) apply one after another.
/// </summary>
public interface IObjectStore
{
    Task<StoredObject?> FindByIdAsync(string className, string id, CancellationToken cancellationToken);

    /// <summary>The objects of a query the viewer may read, in the query's order, and their count when asked.</summary>
    Task<ObjectPage> FindAsync(ObjectQuery query, QueryScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the writes, each in its own transaction, or all in one when <paramref name="atomic"/> (then
    /// the first failure undoes every write and is the only error reported). A write's callback runs
    /// inside its transaction on the current state and may refuse it by throwing <see cref="PhoneAuthException"/>.
    /// </summary>
    Task<IReadOnlyList<WriteOutcome>> WriteAsync(IReadOnlyList<ObjectWrite> writes, bool atomic, CancellationToken cancellationToken);

    /// <summary>How many objects a class holds.</summary>
    Task<long> CountClassAsync(string className, CancellationToken cancellationToken);

    /// <summary>The names of the roles <paramref name="userId"/> holds: directly, and through parent roles, however deep. One query.</summary>
    Task<IReadOnlySet<string>> RoleNamesOfAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>What a query may see and how to read its fields: the viewer, and the schema of every class the query names.</summary>
public sealed record QueryScope(Viewer Viewer, IReadOnlyDictionary<string, ClassSchema> Schemas);

/// <summary>A page of results, and the count of every match when the query asked for it.</summary>
public sealed record ObjectPage(IReadOnlyList<StoredObject> Objects, long? Count);

/// <summary>One write of a batch.</summary>
public abstract record ObjectWrite(string ClassName);

/// <summary>A new object, with the members of its relations.</summary>
public sealed record CreateObject(StoredObject Object, IReadOnlyList<RelationMembers> Relations) : ObjectWrite(Object.ClassName);

/// <summary>A change to an existing object: <paramref name="Apply"/> turns its current state into the new one, or refuses.</summary>
public sealed record UpdateObject(string ClassName, string Id, Func<StoredObject, ObjectUpdate> Apply) : ObjectWrite(ClassName)
{
    /// <summary>A condition the locked row must meet before <see cref="Apply"/> runs, or null.</summary>
    public WriteCondition? Condition { get; init; }
}

/// <summary>A deletion: <paramref name="Authorize"/> sees the current state and may refuse.</summary>
public sealed record DeleteObject(string ClassName, string Id, Action<StoredObject> Authorize) : ObjectWrite(ClassName)
{
    /// <summary>A condition the locked row must meet before it is deleted, or null.</summary>
    public WriteCondition? Condition { get; init; }
}

/// <summary>
/// A condition on the object a write changes (LeanCloud's conditional update and delete), checked in
/// the write's transaction on the locked row, so that no other write comes between the check and the
/// write: a check in C# before the write could pass on a state that is gone when the write lands.
/// <paramref name="Authorize"/> runs first, so that whom the ACL refuses learns nothing from the
/// condition. The store throws <see cref="AuthError.ConditionNotMet"/> (305) when the row does not match.
/// </summary>
/// <param name="Where">The condition, checked as the caller's query would be.</param>
/// <param name="Scope">The viewer and the schemas it names, as for a query.</param>
/// <param name="Authorize">Refuses (101) a caller who may not write the object.</param>
public sealed record WriteCondition(Condition Where, QueryScope Scope, Action<StoredObject> Authorize);

/// <summary>An object's new state, and the relation members that change with it.</summary>
public sealed record ObjectUpdate(StoredObject Object, IReadOnlyList<RelationMembers> Relations);

/// <summary>Members added to or removed from the relation field <paramref name="Field"/>.</summary>
public sealed record RelationMembers(string Field, IReadOnlyList<string> Ids, bool Add);

/// <summary>What became of one write: the object as stored (null after a deletion), or the error that refused it.</summary>
public sealed record WriteOutcome(StoredObject? Object, PhoneAuthException? Error);
