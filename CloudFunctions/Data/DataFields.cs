using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Field names as Parse allows them: a letter, then letters, digits and underscores. The built-in
/// fields of every object (objectId, createdAt, updatedAt, ACL) are the server's. Only a name that
/// passed these checks reaches SQL, where it is written as a literal so that indexes can match it.
/// </summary>
public static partial class DataFields
{
    public const string Id = "objectId";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string Acl = "ACL";

    /// <summary>Names a client may not write as ordinary fields.</summary>
    public static readonly IReadOnlySet<string> BuiltIn = new HashSet<string>(StringComparer.Ordinal) { Id, CreatedAt, UpdatedAt, Acl };

    public static bool IsValidName(string name) => Shape().IsMatch(name);

    /// <summary>A name a client may write, or InvalidFieldName (105).</summary>
    public static string CheckWritable(string name) =>
        IsValidName(name) && !BuiltIn.Contains(name) ? name : throw new PhoneAuthException(AuthError.InvalidFieldName) { Args = [name] };

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex Shape();
}
