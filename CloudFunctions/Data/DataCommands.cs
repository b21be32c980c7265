using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Data.Query;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>What a client asks to write to an object, in neutral terms: fields by operation, and perhaps a new ACL.</summary>
public sealed record ObjectChanges(IReadOnlyDictionary<string, FieldOperation> Fields, JsonObject? Acl = null, bool SetsAcl = false)
{
    public static readonly ObjectChanges None = new(new Dictionary<string, FieldOperation>());
}

/// <summary>One write a client asks for: alone, or as one request of a batch.</summary>
public abstract record DataCommand(string ClassName);

public sealed record CreateCommand(string ClassName, ObjectChanges Changes) : DataCommand(ClassName)
{
    /// <summary>The new object's id, when the server chooses it (a scheduled job's tick); else a random one. A taken id is 137.</summary>
    public string? Id { get; init; }
}

/// <summary>An update; with <c>Where</c>, a condition the object must meet when it is written (LeanCloud's conditional update), else 305.</summary>
public sealed record UpdateCommand(string ClassName, string Id, ObjectChanges Changes, Condition? Where = null) : DataCommand(ClassName);

/// <summary>A deletion; with <c>Where</c>, a condition the object must meet when it is deleted (LeanCloud's conditional delete), else 305.</summary>
public sealed record DeleteCommand(string ClassName, string Id, Condition? Where = null) : DataCommand(ClassName);

/// <summary>
/// What became of one command: the object as stored (null after a deletion) and the fields whose new
/// values the client cannot know (operator results), or the error that refused it.
/// </summary>
public sealed record CommandResult(StoredObject? Object, IReadOnlySet<string> ComputedFields, Errors.PhoneAuthException? Error);
