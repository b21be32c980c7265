using PhoneAuth.CloudFunctions.Context;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Checks a challenge token (a captcha's validate_token, hCaptcha's or Turnstile's response) before a
/// code is sent, when Limits:RequireChallenge is on. Implement it for your captcha service and
/// register it in DI or export it from a cloud-code assembly.
/// </summary>
public interface IChallengeVerifier
{
    /// <summary>True when <paramref name="token"/> is valid for this caller and may be used now.</summary>
    Task<bool> VerifyAsync(string token, RequestContext caller, CancellationToken cancellationToken);
}
