namespace PhoneAuth.CloudFunctions.Data.Query;

/// <summary>A query on one class: its condition, order, page, and what of each object to return.</summary>
public sealed record ObjectQuery
{
    public required string ClassName { get; init; }
    public Condition Where { get; init; } = AllOf.Always;

    /// <summary>Sort keys in order; createdAt then objectId break ties, so results are the same on every engine.</summary>
    public IReadOnlyList<OrderKey> Order { get; init; } = [];

    public int Limit { get; init; } = 100;
    public int Skip { get; init; }

    /// <summary>Also count every match (count=1).</summary>
    public bool Count { get; init; }

    /// <summary>Only these fields (keys), or null for all.</summary>
    public IReadOnlySet<string>? Keys { get; init; }

    /// <summary>Not these fields (excludeKeys).</summary>
    public IReadOnlySet<string>? ExcludeKeys { get; init; }

    /// <summary>Pointer paths to replace by their objects ("a", "a.b"; "*" for every pointer field).</summary>
    public IReadOnlyList<string> Include { get; init; } = [];
}

/// <summary>One sort key: a field (or objectId, createdAt, updatedAt), ascending or descending.</summary>
public sealed record OrderKey(FieldPath Path, bool Descending);
