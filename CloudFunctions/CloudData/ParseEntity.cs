using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PhoneAuth.CloudFunctions.CloudData;

/// <summary>
/// The base of an application's own class mapped to a Parse class: its public properties are the
/// object's fields (camelCase, or the name a <see cref="JsonPropertyNameAttribute"/> gives), a
/// DateTimeOffset is a Parse Date. Name the class with <see cref="ParseClassAttribute"/>.
/// A save sends only the properties changed since the object was read.
/// </summary>
public abstract class ParseEntity
{
    [JsonIgnore] public string? ObjectId { get; internal set; }
    [JsonIgnore] public DateTimeOffset? CreatedAt { get; internal set; }
    [JsonIgnore] public DateTimeOffset? UpdatedAt { get; internal set; }

    /// <summary>The ACL in Parse form (see <see cref="ParseAcl"/>), or null: public read and write. Saved when changed.</summary>
    [JsonIgnore] public JsonObject? Acl { get; set; }

    /// <summary>The mapped fields as last read or saved, to send only what changed.</summary>
    internal JsonObject? Loaded { get; set; }
    internal string? LoadedAcl { get; set; }
}

/// <summary>The Parse class an application class maps to: <c>[ParseClass("GameScore")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ParseClassAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
