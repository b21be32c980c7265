using System.Text.RegularExpressions;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Class names as Parse allows them: a letter, then letters, digits and underscores, or one of the
/// system classes, which begin with "_". Only a name that passed <see cref="Check"/> reaches SQL.
/// </summary>
public static partial class ClassNames
{
    public const string User = "_User";
    public const string Role = "_Role";
    public const string Session = "_Session";
    public const string JobStatus = "_JobStatus";

    /// <summary>The system classes a client may name.</summary>
    public static readonly IReadOnlySet<string> System = new HashSet<string>(StringComparer.Ordinal) { User, Role, Session, JobStatus };

    /// <summary>Classes only the master key may read or write, as Parse Server's classesWithMasterOnlyAccess.</summary>
    public static bool IsMasterOnly(string name) => name is JobStatus;

    public static bool IsValid(string? name) => name is not null && (System.Contains(name) || Shape().IsMatch(name));

    /// <summary>The name, or InvalidClassName (103).</summary>
    public static string Check(string? name) =>
        IsValid(name) ? name! : throw new PhoneAuthException(AuthError.InvalidClassName) { Args = [name ?? ""] };

    /// <summary>Application classes, which live in the objects store; the system classes other than _Role have their own.</summary>
    public static bool IsObjectClass(string name) => name is not (User or Session);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex Shape();
}
