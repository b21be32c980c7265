using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>
/// The <c>Data</c> section: what one stored record may hold, and how much one query may ask for. Every write of a user (and of any object
/// the server stores) is checked after its operators and beforeSave triggers, before it is written.
/// </summary>
public sealed class DataOptions
{
    public const string Section = "Data";

    /// <summary>
    /// The largest record, in bytes of its JSON (custom fields, ACL, authData and the built-in text
    /// fields). Larger writes are refused with 116. Defaults to 131,072 (128 KiB).
    /// </summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRecordSize { get; set; } = 128 * 1024;

    /// <summary>The most items one array in a record may hold, at any depth. Defaults to 1,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxArrayLength { get; set; } = 1000;

    /// <summary>The most values one query condition may list (<c>$in</c>); more are refused with 102. Defaults to 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxInValues { get; set; } = 1000;
}
