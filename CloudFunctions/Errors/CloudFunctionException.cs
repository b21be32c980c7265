namespace PhoneAuth.CloudFunctions.Errors;

/// <summary>
/// Thrown by an application's cloud function or trigger to answer with a specific Parse error code,
/// like <c>throw new Parse.Error(code, message)</c> in Parse Cloud Code. Any other exception from
/// application code becomes code 141 (script failed) with its message.
/// </summary>
public sealed class CloudFunctionException(int code, string message) : Exception(message)
{
    public int Code { get; } = code;
}
