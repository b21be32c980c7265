namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>The built-in functions' names, spelled exactly as client code calls them.</summary>
public static class BuiltInFunctionNames
{
    public const string RequestSmsCode = "requestSmsCode";
    public const string SignUpOrLogInWithMobilePhone = "signUpOrlogInWithMobilePhone";
    public const string RegisterWithMobilePhone = "registerWithMobilePhone";
    public const string LogInWithMobilePhone = "logInWithMobilePhone";
    public const string BindMobilePhone = "bindMobilePhone";
    public const string UnbindMobilePhone = "unbindMobilePhone";
    public const string VerifyMyPhone = "verifyMyPhone";
    public const string ChangeMobilePhone = "changeMobilePhone";
    public const string ResetPasswordBySmsCode = "resetPasswordBySmsCode";

    /// <summary>Master key: how the conversion guard judges one prefix, or every busy one.</summary>
    public const string SmsGuardStatus = "smsGuardStatus";

    /// <summary>Master key: clears the conversion guard of one prefix.</summary>
    public const string ClearSmsGuard = "clearSmsGuard";
}
