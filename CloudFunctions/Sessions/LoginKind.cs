namespace PhoneAuth.CloudFunctions.Sessions;

/// <summary>How a session came to be: a new user's first session, or a login of an existing one.</summary>
public enum LoginKind
{
    SignUp,
    LogIn,
}

/// <summary>The built-in names of what proved the user, as sessions carry them (authData providers add their own names).</summary>
public static class LoginProviders
{
    public const string Password = "password";
    public const string Phone = "phone";
    public const string MasterKey = "masterkey";
}
