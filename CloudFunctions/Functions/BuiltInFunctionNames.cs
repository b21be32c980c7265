namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>The built-in functions' names, spelled exactly as client code calls them.</summary>
public static class BuiltInFunctionNames
{
    public const string RequestSmsCode = "requestSmsCode";
    public const string SignUpOrLogInWithMobilePhone = "signUpOrlogInWithMobilePhone";
}
