namespace PhoneAuth.Sdk;

/// <summary>A code was sent: when another may be requested, and how long this one is valid.</summary>
/// <param name="ResendAfter">Wait this long before requesting another code.</param>
/// <param name="ExpiresIn">The code is valid this long.</param>
public sealed record CodeRequestResult(TimeSpan ResendAfter, TimeSpan ExpiresIn);

/// <summary>The purposes a code may be requested for; a code only works for its own.</summary>
public static class CodePurposes
{
    /// <summary>Sign up or log in (signUpOrlogInWithMobilePhone, logInWithMobilePhone).</summary>
    public const string Login = "login";
    /// <summary>Register a new phone user (registerWithMobilePhone).</summary>
    public const string Register = "register";
    /// <summary>Bind a phone to the current user (bindMobilePhone).</summary>
    public const string Bind = "bind";
    /// <summary>Remove the current user's phone (unbindMobilePhone).</summary>
    public const string Unbind = "unbind";
    /// <summary>Prove the current user's phone for a ticket (verifyMyPhone).</summary>
    public const string Verify = "verify";
    /// <summary>Confirm the new number of a change (changeMobilePhone).</summary>
    public const string Change = "change";
    /// <summary>Reset the password (resetPasswordBySmsCode).</summary>
    public const string ResetPassword = "resetPassword";
}
