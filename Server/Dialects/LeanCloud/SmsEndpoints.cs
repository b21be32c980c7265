using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.Server.Dialects.Kernel;

namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// Route table, LeanCloud's SMS REST API over the core's code purposes:
///   POST /requestSmsCode                  a login code (the one usersByMobilePhone and login take) → {}
///   POST /verifySmsCode/{code}            checks and uses up a login code → {}
///   POST /requestLoginSmsCode             a login code → {}
///   POST /requestMobilePhoneVerify        a verify code to the session user's own phone → {}
///   POST /verifyMobilePhone/{code}        marks that phone verified → {objectId, updatedAt}
///   POST /requestPasswordResetBySmsCode   a reset code → {}
///   PUT  /resetPasswordBySmsCode/{code}   a new password; every session ends → {}
///   POST /requestChangePhoneNumber        a change code to the new number, for the session user → {}
///   POST /changePhoneNumber               moves the session user to that number (a verified number needs a
///                                         recent login or a ticket, as changeMobilePhone) → {objectId, updatedAt}
/// A request endpoint answers the same whether or not an account has the number: "no such user" (213)
/// and "not verified" (215) come after a valid code, never before. Where an old client sends a code
/// without its number (verifySmsCode, resetPasswordBySmsCode before the 2024 SDKs), the number is the
/// one this client address last asked such a code for; the code is never looked up by itself.
/// </summary>
internal static class SmsEndpoints
{
    public static RouteGroupBuilder MapLeanCloudSmsEndpoints(this RouteGroupBuilder group)
    {
        group.MapPost("/requestSmsCode", RequestSmsCodeAsync);
        group.MapPost("/verifySmsCode/{code}", VerifySmsCodeAsync);
        group.MapPost("/requestLoginSmsCode", (HttpContext http, CodeRequests codes) => RequestAsync(http, codes, CodePurpose.Login));
        group.MapPost("/requestMobilePhoneVerify", RequestMobilePhoneVerifyAsync);
        group.MapPost("/verifyMobilePhone/{code}", VerifyMobilePhoneAsync);
        group.MapPost("/requestPasswordResetBySmsCode", (HttpContext http, CodeRequests codes) => RequestAsync(http, codes, CodePurpose.ResetPassword));
        group.MapPut("/resetPasswordBySmsCode/{code}", ResetPasswordAsync);
        group.MapPost("/requestChangePhoneNumber", RequestChangePhoneNumberAsync);
        group.MapPost("/changePhoneNumber", ChangePhoneNumberAsync);
        return group;
    }

    /// <summary>
    /// smsType "voice" is refused: no provider here calls. The client's ttl, template, sign, name and op
    /// are not honoured: the server's configured lifetime and templates apply.
    /// </summary>
    private static Task RequestSmsCodeAsync(HttpContext http, CodeRequests codes)
    {
        if (http.Wire().String("smsType") is { } type && type != "sms")
            throw new PhoneAuthException(AuthError.InvalidParameterOption) { Args = ["smsType", "sms (voice codes are not offered)"] };
        return RequestAsync(http, codes, CodePurpose.Login);
    }

    private static async Task RequestAsync(HttpContext http, CodeRequests codes, string purpose)
    {
        var request = http.Wire();
        await codes.RequestAsync(new CodeRequest(request.RequireString("mobilePhoneNumber"), purpose, ChallengeToken: request.String("validate_token")),
            request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    private static async Task VerifySmsCodeAsync(HttpContext http, string code, PhoneParser phones, SmsCodeService codes)
    {
        var request = http.Wire();
        var phone = await PhoneOfAsync(request, CodePurpose.Login, phones, codes, http.RequestAborted);
        await codes.VerifyAsync(phone, new CodeScope(CodePurpose.Login), code, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    /// <summary>Nothing is sent for a phone already verified, as on LeanCloud.</summary>
    private static async Task RequestMobilePhoneVerifyAsync(HttpContext http, PhoneParser phones, CodeRequests codes)
    {
        var request = http.Wire();
        var user = request.RequireUser();
        var phone = request.RequireString("mobilePhoneNumber");
        if (!(user.PhoneVerified && user.Phone == phones.Parse(phone).E164))
            await codes.RequestAsync(new CodeRequest(phone, CodePurpose.Verify, ChallengeToken: request.String("validate_token")), request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    /// <summary>Needs the user's session: the code proves the number, the session proves the account.</summary>
    private static async Task VerifyMobilePhoneAsync(HttpContext http, string code, PhoneParser phones, [FromServices] PhoneAccountService accounts)
    {
        var request = http.Wire();
        var user = request.RequireUser();
        if (request.String("mobilePhoneNumber") is { } given && phones.Parse(given).E164 != user.Phone)
            throw new PhoneAuthException(AuthError.NotCurrentPhone);
        var verified = await accounts.ConfirmPhoneAsync(code, request.Caller, null, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject { ["objectId"] = verified.Id, ["updatedAt"] = ParseEncoding.FormatDate(verified.UpdatedAt) });
    }

    private static async Task ResetPasswordAsync(HttpContext http, string code, PhoneParser phones, SmsCodeService codes, [FromServices] PhoneAccountService accounts)
    {
        var request = http.Wire();
        var password = request.RequireString("password");
        var phone = await PhoneOfAsync(request, CodePurpose.ResetPassword, phones, codes, http.RequestAborted);
        await accounts.ResetPasswordAsync(phone.E164, code, password, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    private static async Task RequestChangePhoneNumberAsync(HttpContext http, CodeRequests codes)
    {
        var request = http.Wire();
        request.RequireUser();
        await codes.RequestAsync(new CodeRequest(request.RequireString("mobilePhoneNumber"), CodePurpose.Change, ChallengeToken: request.String("validate_token")),
            request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject());
    }

    private static async Task ChangePhoneNumberAsync(HttpContext http, [FromServices] PhoneAccountService accounts)
    {
        var request = http.Wire();
        request.RequireUser();
        // The SDK sends no ticket; a REST client may. Without one, the session's login must be recent.
        var changed = await accounts.ChangeAsync(request.String("ticket"), request.RequireString("mobilePhoneNumber"), request.RequireString("code"),
            request.Caller, null, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject { ["objectId"] = changed.Id, ["updatedAt"] = ParseEncoding.FormatDate(changed.UpdatedAt) });
    }

    /// <summary>
    /// The number the body names (2024 SDKs), else the one this client address last asked a live code of
    /// this purpose for; with neither, no code can match (603).
    /// </summary>
    private static async Task<PhoneNumber> PhoneOfAsync(WireRequest request, string purpose, PhoneParser phones, SmsCodeService codes,
        CancellationToken cancellationToken) =>
        request.String("mobilePhoneNumber") is { } given
            ? phones.Parse(given)
            : await codes.PhoneRequestedByAsync(purpose, request.Caller, cancellationToken)
              ?? throw new PhoneAuthException(AuthError.CodeInvalidOrExpired, "No live code was asked for from this address");
}
