using System.Text.Json;

namespace PhoneAuth.Sdk;

/// <summary>The phone functions of a PhoneAuth server, typed.</summary>
public sealed partial class PhoneAuthClient
{
    /// <summary>
    /// Sends a code for <paramref name="purpose"/> (<see cref="CodePurposes"/>; login by default). Codes to
    /// unbind or verify go to the current user's phone: <paramref name="phoneNumber"/> may then be null.
    /// </summary>
    public async Task<CodeRequestResult> RequestSmsCodeAsync(string? phoneNumber, string purpose = CodePurposes.Login,
        string? challengeToken = null, CancellationToken cancellationToken = default)
    {
        var parameters = new Dictionary<string, object?> { ["purpose"] = purpose };
        if (phoneNumber is not null) parameters["phoneNumber"] = phoneNumber;
        if (challengeToken is not null) parameters["challengeToken"] = challengeToken;
        var result = await RunAsync<JsonElement>("requestSmsCode", parameters, cancellationToken).ConfigureAwait(false);
        return new CodeRequestResult(
            TimeSpan.FromSeconds(result.GetProperty("resendAfter").GetInt32()),
            TimeSpan.FromSeconds(result.GetProperty("expiresIn").GetInt32()));
    }

    /// <summary>The tutorial's flow: verifies a login code, signs up or logs in the phone's user, and makes it current.</summary>
    public Task<ParseUser> SignUpOrLogInWithMobilePhoneAsync(string phoneNumber, string code, CancellationToken cancellationToken = default) =>
        SessionFunctionAsync("signUpOrlogInWithMobilePhone", new { phoneNumber, code }, cancellationToken);

    /// <summary>Creates the phone's user with a register code (214 if the phone has one) and makes it current.</summary>
    public Task<ParseUser> RegisterWithMobilePhoneAsync(string phoneNumber, string code, string? nickname = null, CancellationToken cancellationToken = default) =>
        SessionFunctionAsync("registerWithMobilePhone",
            nickname is null ? new Dictionary<string, object?> { ["phoneNumber"] = phoneNumber, ["code"] = code }
                : new Dictionary<string, object?> { ["phoneNumber"] = phoneNumber, ["code"] = code, ["nickname"] = nickname },
            cancellationToken);

    /// <summary>Logs in the phone's user with a login code (213 if there is none) and makes it current.</summary>
    public Task<ParseUser> LogInWithMobilePhoneAsync(string phoneNumber, string code, CancellationToken cancellationToken = default) =>
        SessionFunctionAsync("logInWithMobilePhone", new { phoneNumber, code }, cancellationToken);

    /// <summary>Binds a phone to the current user with a bind code.</summary>
    public Task<ParseUser> BindMobilePhoneAsync(string phoneNumber, string code, CancellationToken cancellationToken = default) =>
        UserFunctionAsync("bindMobilePhone", new { phoneNumber, code }, cancellationToken);

    /// <summary>Removes the current user's phone with an unbind code sent to it.</summary>
    public Task<ParseUser> UnbindMobilePhoneAsync(string code, CancellationToken cancellationToken = default) =>
        UserFunctionAsync("unbindMobilePhone", new { code }, cancellationToken);

    /// <summary>Proves the current user holds its phone (a verify code) and returns a single-use ticket, valid 5 minutes.</summary>
    public async Task<string> VerifyMyPhoneAsync(string code, CancellationToken cancellationToken = default) =>
        (await RunAsync<JsonElement>("verifyMyPhone", new { code }, cancellationToken).ConfigureAwait(false)).GetProperty("ticket").GetString()!;

    /// <summary>Moves the current user to a new number: the ticket of <see cref="VerifyMyPhoneAsync"/> and a change code sent to the new number.</summary>
    public Task<ParseUser> ChangeMobilePhoneAsync(string ticket, string newPhoneNumber, string newCode, CancellationToken cancellationToken = default) =>
        UserFunctionAsync("changeMobilePhone", new { ticket, newPhoneNumber, newCode }, cancellationToken);

    /// <summary>Sets a new password with a resetPassword code; every session of the user ends.</summary>
    public async Task ResetPasswordBySmsCodeAsync(string phoneNumber, string code, string password, CancellationToken cancellationToken = default) =>
        await RunAsync<JsonElement>("resetPasswordBySmsCode", new { phoneNumber, code, password }, cancellationToken).ConfigureAwait(false);

    private async Task<ParseUser> SessionFunctionAsync(string name, object parameters, CancellationToken cancellationToken)
    {
        var token = await RunAsync<string>(name, parameters, cancellationToken).ConfigureAwait(false)
            ?? throw new ParseException(ParseErrorCodes.InvalidJson, $"{name} returned no session token.");
        return await BecomeAsync(token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A function that returns the changed user: the current user is replaced by it, keeping its token.</summary>
    private async Task<ParseUser> UserFunctionAsync(string name, object parameters, CancellationToken cancellationToken)
    {
        var token = await RequireTokenAsync(cancellationToken).ConfigureAwait(false);
        var result = await RunAsync<JsonElement>(name, parameters, cancellationToken).ConfigureAwait(false);
        return await SetCurrentAsync(ParseUser.FromJson(result, token), cancellationToken).ConfigureAwait(false);
    }
}
