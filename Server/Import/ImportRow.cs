using System.Text.Json.Nodes;

namespace PhoneAuth.Server.Import;

/// <summary>One user read from an export, before the phone is checked; or why its row could not be read.</summary>
/// <param name="Line">The row's line (JSON lines) or position (arrays, database rows), from 1, for the report.</param>
public sealed record ImportRow(int Line, ImportedUser? User, string? Error)
{
    public static ImportRow Bad(int line, string error, string? id = null) => new(line, null, id is null ? error : $"{error} (objectId {id})");

    /// <summary>
    /// Maps one row of an export. Mapping reads nothing but the row, so whatever it throws is about the
    /// row's content (a date out of range, a malformed number): that row is rejected with the reason, and
    /// the import goes on.
    /// </summary>
    public static ImportRow Guard(int line, JsonObject row, Func<ImportRow> map)
    {
        try
        {
            return map();
        }
        catch (Exception ex)
        {
            var id = ImportValues.Text(row["objectId"]) ?? ImportValues.Text(row["_id"]);
            return Bad(line, ex is ImportValueException ? ex.Message : $"the row cannot be read ({ex.GetType().Name}: {ex.Message})",
                id is not null && ImportValues.ObjectId().IsMatch(id) ? id : null);
        }
    }
}

/// <summary>A user as an export holds it, in the core's terms.</summary>
public sealed record ImportedUser
{
    public required string Id { get; init; }
    public required string Username { get; init; }
    public string? Email { get; init; }
    public bool? EmailVerified { get; init; }

    /// <summary>The number as exported, normalised to E.164 by the importer.</summary>
    public string? Phone { get; init; }
    public bool PhoneVerified { get; init; }

    /// <summary>A hash the server verifies: bcrypt, or LeanCloud's in its <c>$leancloud-sha512$</c> form.</summary>
    public string? PasswordHash { get; init; }
    public JsonObject? AuthData { get; init; }
    public JsonObject Fields { get; init; } = [];
    public JsonObject? Acl { get; init; }
    /// <summary>As exported; null when the export has none (the importer then uses the time of the import).</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }
}
