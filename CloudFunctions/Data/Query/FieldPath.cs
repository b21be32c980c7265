using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data.Query;

/// <summary>
/// A field a query names, perhaps with keys into an Object field ("stats.wins"). Every part passed a
/// strict check: a field name as Parse allows (or objectId, createdAt, updatedAt) and keys of letters,
/// digits and underscores. Nothing else can be a path, so a path is safe to write into SQL.
/// </summary>
public sealed partial record FieldPath(string Field, IReadOnlyList<string> Keys)
{
    public bool IsNested => Keys.Count > 0;

    /// <summary>
    /// The application's own field even where a built-in field of the class has that name: a LeanCloud
    /// app's own <c>phone</c> on _User, where the core's <c>phone</c> is the verified number. False: a
    /// built-in field when there is one.
    /// </summary>
    public bool Custom { get; init; }

    public override string ToString() => Keys.Count == 0 ? Field : Field + "." + string.Join(".", Keys);

    public static FieldPath Of(string field) => new(field, []);

    /// <summary>Reads "field" or "field.key.key", or InvalidKeyName (105) naming it.</summary>
    public static FieldPath Parse(string dotted)
    {
        var parts = dotted.Split('.');
        if (parts.Length > 8 || !FieldShape().IsMatch(parts[0]) || parts.Skip(1).Any(k => !KeyShape().IsMatch(k)))
            throw new PhoneAuthException(AuthError.InvalidKeyName) { Args = [Shorten(dotted)] };
        return new FieldPath(parts[0], parts[1..]);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex FieldShape();

    [GeneratedRegex("^[A-Za-z0-9_]{1,128}$")]
    private static partial Regex KeyShape();
}

/// <summary>Whether a dotted field path is well formed, without throwing.</summary>
public static class FieldPathShape
{
    public static bool IsValid(string dotted)
    {
        try { FieldPath.Parse(dotted); return true; }
        catch (Errors.PhoneAuthException) { return false; }
    }
}
