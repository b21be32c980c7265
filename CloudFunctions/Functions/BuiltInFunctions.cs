using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// The phone functions, registered through the same API as an application's own. Each is a thin
/// wrapper: the rules check the parameters, <see cref="PhoneAuthService"/> does the work.
/// </summary>
public sealed class BuiltInFunctions(PhoneAuthService phoneAuth) : ICloudCodeModule
{
    private static readonly FieldRule RequiredString = new() { Type = FieldType.String, Required = true };

    public void Register(CloudFunctionRegistry cloud)
    {
        cloud.Define(BuiltInFunctionNames.RequestSmsCode, RequestSmsCodeAsync, new CloudFunctionRules
        {
            Fields = new Dictionary<string, FieldRule> { ["phoneNumber"] = RequiredString },
        });
        cloud.Define(BuiltInFunctionNames.SignUpOrLogInWithMobilePhone, SignUpOrLogInAsync, new CloudFunctionRules
        {
            Fields = new Dictionary<string, FieldRule> { ["phoneNumber"] = RequiredString, ["code"] = RequiredString },
        });
    }

    /// <summary>Result: <c>{"resendAfter": seconds, "expiresIn": seconds}</c>, for the client's countdowns.</summary>
    private async Task<object?> RequestSmsCodeAsync(CloudRequest request)
    {
        var sent = await phoneAuth.RequestCodeAsync(request.GetString("phoneNumber"), CodePurpose.Login, request.Caller, request.CancellationToken);
        return new JsonObject
        {
            ["resendAfter"] = (int)sent.ResendAfter.TotalSeconds,
            ["expiresIn"] = (int)sent.ExpiresIn.TotalSeconds,
        };
    }

    /// <summary>Result: the session token, for <c>Parse.User.become</c>.</summary>
    private async Task<object?> SignUpOrLogInAsync(CloudRequest request)
    {
        var session = await phoneAuth.SignUpOrLogInAsync(
            request.GetString("phoneNumber"), request.GetString("code")!, request.Caller, request.CancellationToken);
        return session.Token;
    }
}
