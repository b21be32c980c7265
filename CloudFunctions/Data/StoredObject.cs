using System.Text.Json.Nodes;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// One object of an application class, as stored: its fields in Parse JSON (dates as
/// {"__type":"Date"}, pointers as {"__type":"Pointer"}...), its ACL, its times and its version.
/// Treat instances as immutable: change a copy made with <c>with</c> and a cloned <see cref="Fields"/>.
/// </summary>
public sealed record StoredObject
{
    public required string ClassName { get; init; }
    public required string Id { get; init; }
    public JsonObject Fields { get; init; } = [];

    /// <summary>The access-control list in Parse form, or null: then anyone may read and write it.</summary>
    public JsonObject? Acl { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long Version { get; init; }
}
