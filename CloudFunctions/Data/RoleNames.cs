using System.Text.RegularExpressions;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>Role names as Parse allows them: letters, digits, "_", "-" and spaces.</summary>
public static partial class RoleNames
{
    public static bool IsValid(string? name) => name is not null && Shape().IsMatch(name);

    [GeneratedRegex("^[0-9A-Za-z_ \\-]{1,128}$")]
    private static partial Regex Shape();
}
