using Microsoft.AspNetCore.Mvc;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Dialects.Parse.Json;

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
        group.MapPost("/requestLoginSmsCode", (HttpContext http, PhoneAuthService phoneAuth) => RequestAsync(http, phoneAuth, CodePurpose.Login));
        group.MapPost("/requestMobilePhoneVerify", RequestMobilePhoneVerifyAsync);
        group.MapPost("/verifyMobilePhone/{code}", VerifyMobilePhoneAsync);
        group.MapPost("/requestPasswordResetBySmsCode", (HttpContext http, PhoneAuthService phoneAuth) => RequestAsync(http, phoneAuth, CodePurpose.ResetPassword));
        group.MapPut("/resetPasswordBySmsCode/{code}", ResetPasswordAsync);
        group.MapPost("/requestChangePhoneNumber", RequestChangePhoneNumberAsync);
        group.MapPost("/changePhoneNumber", ChangePhoneNumberAsync);
        return group;
    }

    /// <summary>
    /// smsType "voice" is refused: no provider here calls. The client's ttl, template, sign, name and op
    /// are not honoured: the server's configured lifetime and templates apply.
    /// </summary>
    private static Task RequestSmsCodeAsync(HttpContext http, PhoneAuthService phoneAuth)
    {
        if (http.LeanCloud().String("smsType") is { } type && type != "sms")
            throw new PhoneAuthException(AuthError.InvalidParameterOption) { Args = ["smsType", "sms (voice codes are not offered)"] };
        return RequestAsync(http, phoneAuth, CodePurpose.Login);
    }

    private static async Task RequestAsync(HttpContext http, PhoneAuthService phoneAuth, string purpose)
    {
        var request = http.LeanCloud();
        await phoneAuth.RequestCodeAsync(request.RequireString("mobilePhoneNumber"), purpose, request.Caller, null, http.RequestAborted,
            request.String("validate_token"));
        await http.Response.WriteJsonAsync(new JObject());
    }

    private static async Task VerifySmsCodeAsync(HttpContext http, string code, PhoneAuthService phoneAuth, SmsCodeService codes)
    {
        var request = http.LeanCloud();
        var phone = await PhoneOfAsync(request, CodePurpose.Login, phoneAuth, codes, http.RequestAborted);
        await codes.VerifyAsync(phone, CodePurpose.Login, code, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JObject());
    }

    /// <summary>Nothing is sent for a phone already verified, as on LeanCloud.</summary>
    private static async Task RequestMobilePhoneVerifyAsync(HttpContext http, PhoneAuthService phoneAuth)
    {
        var request = http.LeanCloud();
        var user = request.RequireUser();
        var phone = request.RequireString("mobilePhoneNumber");
        if (!(user.PhoneVerified && user.Phone == phoneAuth.ParsePhone(phone).E164))
            await phoneAuth.RequestCodeAsync(phone, CodePurpose.Verify, request.Caller, null, http.RequestAborted, request.String("validate_token"));
        await http.Response.WriteJsonAsync(new JObject());
    }

    /// <summary>Needs the user's session: the code proves the number, the session proves the account.</summary>
    private static async Task VerifyMobilePhoneAsync(HttpContext http, string code, PhoneAuthService phoneAuth, [FromServices] PhoneAccountService accounts)
    {
        var request = http.LeanCloud();
        var user = request.RequireUser();
        if (request.String("mobilePhoneNumber") is { } given && phoneAuth.ParsePhone(given).E164 != user.Phone)
            throw new PhoneAuthException(AuthError.NotCurrentPhone);
        var verified = await accounts.ConfirmPhoneAsync(code, request.Caller, null, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JObject { ["objectId"] = verified.Id, ["updatedAt"] = ParseJson.FormatDate(verified.UpdatedAt) });
    }

    private static async Task ResetPasswordAsync(HttpContext http, string code, PhoneAuthService phoneAuth, SmsCodeService codes, [FromServices] PhoneAccountService accounts)
    {
        var request = http.LeanCloud();
        var password = request.RequireString("password");
        var phone = await PhoneOfAsync(request, CodePurpose.ResetPassword, phoneAuth, codes, http.RequestAborted);
        await accounts.ResetPasswordAsync(phone.E164, code, password, request.Caller, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JObject());
    }

    private static async Task RequestChangePhoneNumberAsync(HttpContext http, PhoneAuthService phoneAuth)
    {
        var request = http.LeanCloud();
        request.RequireUser();
        await phoneAuth.RequestCodeAsync(request.RequireString("mobilePhoneNumber"), CodePurpose.Change, request.Caller, null, http.RequestAborted,
            request.String("validate_token"));
        await http.Response.WriteJsonAsync(new JObject());
    }

    private static async Task ChangePhoneNumberAsync(HttpContext http, [FromServices] PhoneAccountService accounts)
    {
        var request = http.LeanCloud();
        request.RequireUser();
        // The SDK sends no ticket; a REST client may. Without one, the session's login must be recent.
        var changed = await accounts.ChangeAsync(request.String("ticket"), request.RequireString("mobilePhoneNumber"), request.RequireString("code"),
            request.Caller, null, http.RequestAborted);
        await http.Response.WriteJsonAsync(new JObject { ["objectId"] = changed.Id, ["updatedAt"] = ParseJson.FormatDate(changed.UpdatedAt) });
    }

    /// <summary>
    /// The number the body names (2024 SDKs), else the one this client address last asked a live code of
    /// this purpose for; with neither, no code can match (603).
    /// </summary>
    private static async Task<PhoneNumber> PhoneOfAsync(LeanCloudRequest request, string purpose, PhoneAuthService phoneAuth, SmsCodeService codes,
        CancellationToken cancellationToken) =>
        request.String("mobilePhoneNumber") is { } given
            ? phoneAuth.ParsePhone(given)
            : await codes.PhoneRequestedByAsync(purpose, request.Caller, cancellationToken)
              ?? throw new PhoneAuthException(AuthError.CodeInvalidOrExpired, "No live code was asked for from this address");
}
