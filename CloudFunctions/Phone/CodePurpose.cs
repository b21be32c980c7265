namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>What a code may be used for. A code is bound to its purpose: a login code cannot unbind a phone.</summary>
public static class CodePurpose
{
    public const string Login = "login";
    public const string Register = "register";
    public const string Bind = "bind";
    public const string Unbind = "unbind";
    public const string Verify = "verify";
    public const string Change = "change";
    public const string ResetPassword = "resetPassword";

    /// <summary>Every purpose, as clients spell it.</summary>
    public static readonly IReadOnlyList<string> All = [Login, Register, Bind, Unbind, Verify, Change, ResetPassword];
}
