using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.CloudFunctions.Functions;

/// <summary>
/// The phone functions, registered through the same API as an application's own. Each is a thin
/// wrapper: the rules check the parameters, the phone services do the work. With the master key,
/// a <c>userId</c> parameter names the user the account functions act for.
/// </summary>
public sealed class BuiltInFunctions(CodeRequests codeRequests, PhoneSignIn signIn, PhoneAccountService accounts, ConversionGuard guard) : ICloudCodeModule
{
    private static readonly FieldRule RequiredString = new() { Type = FieldType.String, Required = true };
    private static readonly FieldRule OptionalString = new() { Type = FieldType.String };

    private static Dictionary<string, FieldRule> Fields(params (string Name, FieldRule Rule)[] rules) => rules.ToDictionary(r => r.Name, r => r.Rule);

    public void Register(CloudFunctionRegistry cloud)
    {
        cloud.Define(BuiltInFunctionNames.RequestSmsCode, RequestSmsCodeAsync, new CloudFunctionRules
        {
            Fields = Fields(
                ("phoneNumber", OptionalString),
                ("purpose", new FieldRule { Type = FieldType.String, Options = [.. CodePurpose.All.Select(p => (JsonNode?)JsonValue.Create(p))], Default = CodePurpose.Login }),
                ("userId", OptionalString),
                ("challengeToken", OptionalString)),
        });
        cloud.Define(BuiltInFunctionNames.SignUpOrLogInWithMobilePhone, async request =>
                (await signIn.SignUpOrLogInAsync(request.GetString("phoneNumber"), request.RequireString("code"), profile: null, request.Caller, request.CancellationToken)).Session.Token,
            new CloudFunctionRules { Fields = Fields(("phoneNumber", RequiredString), ("code", RequiredString)) });
        cloud.Define(BuiltInFunctionNames.RegisterWithMobilePhone, async request =>
                (await signIn.RegisterAsync(request.GetString("phoneNumber"), request.RequireString("code"), request.GetString("nickname"), request.Caller, request.CancellationToken)).Token,
            new CloudFunctionRules
            {
                Fields = Fields(("phoneNumber", RequiredString), ("code", RequiredString),
                    ("nickname", new FieldRule { Type = FieldType.String, Check = v => v!.GetValue<string>().Trim().Length is > 0 and <= 64 })),
            });
        cloud.Define(BuiltInFunctionNames.LogInWithMobilePhone, async request =>
                (await signIn.LogInOnlyAsync(request.GetString("phoneNumber"), request.RequireString("code"), request.Caller, request.CancellationToken)).Token,
            new CloudFunctionRules { Fields = Fields(("phoneNumber", RequiredString), ("code", RequiredString)) });
        cloud.Define(BuiltInFunctionNames.BindMobilePhone, async request =>
                await accounts.BindAsync(request.GetString("phoneNumber"), request.RequireString("code"), request.Caller, request.GetString("userId"), request.CancellationToken),
            new CloudFunctionRules { Fields = Fields(("phoneNumber", RequiredString), ("code", RequiredString), ("userId", OptionalString)) });
        cloud.Define(BuiltInFunctionNames.UnbindMobilePhone, async request =>
                await accounts.UnbindAsync(request.RequireString("code"), request.Caller, request.GetString("userId"), request.CancellationToken),
            new CloudFunctionRules { Fields = Fields(("code", RequiredString), ("userId", OptionalString)) });
        cloud.Define(BuiltInFunctionNames.VerifyMyPhone, async request =>
                new JsonObject { ["ticket"] = await accounts.VerifyAsync(request.RequireString("code"), request.Caller, request.GetString("userId"), request.CancellationToken) },
            new CloudFunctionRules { Fields = Fields(("code", RequiredString), ("userId", OptionalString)) });
        cloud.Define(BuiltInFunctionNames.ChangeMobilePhone, async request =>
                await accounts.ChangeAsync(request.GetString("ticket"), request.GetString("newPhoneNumber"), request.RequireString("newCode"),
                    request.Caller, request.GetString("userId"), request.CancellationToken),
            new CloudFunctionRules { Fields = Fields(("ticket", OptionalString), ("newPhoneNumber", RequiredString), ("newCode", RequiredString), ("userId", OptionalString)) });
        cloud.Define(BuiltInFunctionNames.ResetPasswordBySmsCode, async request =>
            {
                await accounts.ResetPasswordAsync(request.GetString("phoneNumber"), request.RequireString("code"), request.RequireString("password"), request.Caller, request.CancellationToken);
                return new JsonObject();
            },
            new CloudFunctionRules { Fields = Fields(("phoneNumber", RequiredString), ("code", RequiredString), ("password", RequiredString)) });
        cloud.Define(BuiltInFunctionNames.SmsGuardStatus, async request =>
            {
                IReadOnlyList<ConversionVerdict> verdicts = request.GetString("prefix") is { } prefix
                    ? [await guard.StatusAsync(prefix, request.CancellationToken)]
                    : await guard.BusyAsync(request.CancellationToken);
                return new JsonObject { ["prefixes"] = new JsonArray([.. verdicts.Select(Encode)]) };
            },
            new CloudFunctionRules { RequireMaster = true, Fields = Fields(("prefix", OptionalString)) });
        cloud.Define(BuiltInFunctionNames.ClearSmsGuard, async request =>
            {
                await guard.ClearAsync(request.RequireString("prefix"), request.Caller, request.CancellationToken);
                return Encode(await guard.StatusAsync(request.RequireString("prefix"), request.CancellationToken));
            },
            new CloudFunctionRules { RequireMaster = true, Fields = Fields(("prefix", RequiredString)) });
    }

    /// <summary>A prefix as operators read it: <c>{"prefix":"+86 1700","guarded":true,"sent":212,"verified":3,"conversion":0.014,"usual":4.2}</c>.</summary>
    private static JsonObject Encode(ConversionVerdict verdict) => new()
    {
        ["prefix"] = verdict.Scope,
        ["guarded"] = verdict.Guarded,
        ["sent"] = verdict.Sent,
        ["verified"] = verdict.Verified,
        ["conversion"] = Math.Round(verdict.Conversion, 3),
        ["usual"] = Math.Round(verdict.Usual, 1),
    };

    /// <summary>Result: <c>{"resendAfter": seconds, "expiresIn": seconds}</c>, for the client's countdowns.</summary>
    private async Task<object?> RequestSmsCodeAsync(CloudRequest request)
    {
        var purpose = request.GetString("purpose") ?? CodePurpose.Login;
        var phoneNumber = request.GetString("phoneNumber");
        if (phoneNumber is null && purpose is not (CodePurpose.Unbind or CodePurpose.Verify)) phoneNumber = request.RequireString("phoneNumber");
        var sent = await codeRequests.RequestAsync(new CodeRequest(phoneNumber, purpose, request.GetString("userId"), request.GetString("challengeToken")),
            request.Caller, request.CancellationToken);
        return new JsonObject
        {
            ["resendAfter"] = (int)sent.ResendAfter.TotalSeconds,
            ["expiresIn"] = (int)sent.ExpiresIn.TotalSeconds,
        };
    }
}
