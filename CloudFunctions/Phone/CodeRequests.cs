using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Telemetry;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>A request for a code: the number (not needed for unbind and verify), its purpose, and what the caller brought.</summary>
/// <param name="PhoneNumber">The number as the client wrote it.</param>
/// <param name="Purpose">One of <see cref="CodePurpose.All"/>.</param>
/// <param name="UserId">With the master key: the user an account operation acts for.</param>
/// <param name="ChallengeToken">A captcha's token, when challenges are asked for.</param>
public sealed record CodeRequest(string? PhoneNumber, string Purpose, string? UserId = null, string? ChallengeToken = null);

/// <summary>
/// requestSmsCode for every purpose. Codes to bind or change a phone need a logged-in user and go to
/// the number given; codes to unbind or verify go to that user's current phone, so the number may be
/// omitted. For sign-in purposes the answer is the same whether or not the phone has an account.
/// </summary>
public sealed class CodeRequests(ChallengeGate challenge, SmsCodeService codes, ActingUsers accounts, PhoneParser phones, PhoneAuthMetrics metrics)
{
    public async Task<CodeRequested> RequestAsync(CodeRequest request, RequestContext caller, CancellationToken cancellationToken)
    {
        ChallengeAnswer answer;
        try
        {
            answer = await challenge.CheckAsync(request.ChallengeToken, caller, cancellationToken);
        }
        catch (PhoneAuthException)
        {
            // Before the number is read (Limits:RequireChallenge): counted without a country.
            metrics.CodeRequested(request.Purpose, "unknown");
            metrics.CodeRefused(request.Purpose, "unknown", "challenge");
            throw;
        }
        switch (request.Purpose)
        {
            case CodePurpose.Login or CodePurpose.Register or CodePurpose.ResetPassword:
                return await codes.RequestAsync(phones.Parse(request.PhoneNumber), new CodeScope(request.Purpose), caller, answer, cancellationToken);
            case CodePurpose.Bind or CodePurpose.Change:
                var user = await accounts.ResolveAsync(caller, request.UserId, cancellationToken);
                return await codes.RequestAsync(phones.Parse(request.PhoneNumber), new CodeScope(request.Purpose, user.Id), caller, answer, cancellationToken);
            case CodePurpose.Unbind or CodePurpose.Verify:
                var holder = await accounts.ResolveAsync(caller, request.UserId, cancellationToken);
                var phone = accounts.CurrentPhone(holder);
                if (!string.IsNullOrEmpty(request.PhoneNumber) && phones.Parse(request.PhoneNumber).E164 != phone.E164)
                    throw new PhoneAuthException(AuthError.NotCurrentPhone);
                return await codes.RequestAsync(phone, new CodeScope(request.Purpose, holder.Id), caller, answer, cancellationToken);
            default:
                throw new PhoneAuthException(AuthError.InvalidParameterOption) { Args = ["purpose", string.Join(", ", CodePurpose.All)] };
        }
    }
}
