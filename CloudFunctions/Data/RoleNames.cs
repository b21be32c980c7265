namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// Role names as the server takes them: any text of 1 to 128 characters without control characters
/// (Parse Server takes any; its SDK refuses all but letters, digits, "_", "-" and spaces before sending).
/// A name is unique, and is only ever a parameter in SQL.
/// </summary>
public static class RoleNames
{
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 128 } && !name.Any(char.IsControl);
}
