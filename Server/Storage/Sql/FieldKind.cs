namespace PhoneAuth.Server.Storage.Sql;

/// <summary>How a field reads in SQL, and so what a value compared with it must become.</summary>
public enum FieldKind
{
    /// <summary>Text, ordered bytewise on every engine.</summary>
    Text,
    /// <summary>A double.</summary>
    Number,
    /// <summary>A boolean the engine compares as such (a column; SQLite's JSON 1/0).</summary>
    Boolean,
    /// <summary>A date as its canonical ISO text (custom Date fields: their "iso").</summary>
    IsoDate,
    /// <summary>A date as Unix milliseconds (the built-in createdAt, updatedAt, expiresAt columns).</summary>
    MillisDate,
    /// <summary>The objectId a pointer holds.</summary>
    PointerId,
    /// <summary>A JSON value, compared as JSON (objects, arrays, and PostgreSQL's JSON booleans).</summary>
    Json,
}

/// <summary>A field as SQL: an expression and how it compares.</summary>
/// <param name="Sql">The expression. It is built only from checked names, so that it can match an index.</param>
/// <param name="Kind">How values compared with it are written.</param>
/// <param name="Json">The field's raw JSON value, for array operators and $exists; null for plain columns.</param>
public sealed record SqlField(string Sql, FieldKind Kind, string? Json = null)
{
    /// <summary>
    /// The expression for equality and IN, where it differs from <see cref="Sql"/>: a text column plain,
    /// without the bytewise collation its order needs, so that its index (in the database's collation)
    /// serves the lookup. Equality is the same in every deterministic collation.
    /// </summary>
    public string? Equality { get; init; }

    public string EqualitySql => Equality ?? Sql;
}
