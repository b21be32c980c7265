using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>
/// The <c>Data</c> section: the application's own data — what one stored record may hold, how much one
/// query may ask for, and who may create classes. Every write of a user or an object is checked after
/// its operators and beforeSave triggers, before it is written.
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

    /// <summary>The most items one array in a record may hold, at any depth, or one operation may carry. Defaults to 1,000.</summary>
    [Range(1, 1_000_000)]
    public int MaxArrayLength { get; set; } = 1000;

    /// <summary>The most values one query condition may list (<c>$in</c>, <c>$all</c>…); more are refused with 102. Defaults to 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxInValues { get; set; } = 1000;

    /// <summary>Whether a client (not the master key) may create a class by writing to it. Defaults to false, as Parse Server.</summary>
    public bool AllowClientClassCreation { get; set; }

    /// <summary>The most results one query returns (a larger limit is cut to it). Defaults to 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxQueryLimit { get; set; } = 1000;

    /// <summary>The most branches of one $or, $and or $nor, and the deepest nesting of conditions and sub-queries. Defaults to 100 and 8.</summary>
    [Range(1, 10_000)]
    public int MaxBranches { get; set; } = 100;

    [Range(1, 64)]
    public int MaxQueryDepth { get; set; } = 8;

    /// <summary>The longest $regex pattern, in characters. Defaults to 256.</summary>
    [Range(1, 10_000)]
    public int MaxRegexLength { get; set; } = 256;

    /// <summary>The deepest include path (a.b.c is 3) and the most include paths. Defaults to 3 and 10.</summary>
    [Range(1, 10)]
    public int MaxIncludeDepth { get; set; } = 3;

    [Range(1, 100)]
    public int MaxIncludes { get; set; } = 10;

    /// <summary>The most requests one batch may hold. Defaults to 50.</summary>
    [Range(1, 1000)]
    public int MaxBatchSize { get; set; } = 50;

    /// <summary>
    /// How long a process trusts its copy of a schema or of a user's roles before reading it again, so
    /// that a change made on another process is seen within it. Defaults to one second.
    /// </summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(1);
}
