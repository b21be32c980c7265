namespace PhoneAuth.CloudFunctions.Errors;

/// <summary>Application code (a function, a trigger, an authData provider) that failed without an error code of its own.</summary>
public static class ScriptFailures
{
    /// <summary>ScriptFailed, whose public message is the exception's own (as in Parse), or <paramref name="fallback"/> when it has none.</summary>
    public static PhoneAuthException From(Exception ex, string fallback) =>
        new(AuthError.ScriptFailed, ex.Message, ex) { PublicMessage = string.IsNullOrEmpty(ex.Message) ? fallback : ex.Message };
}
