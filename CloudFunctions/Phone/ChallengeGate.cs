using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// With Limits:RequireChallenge, a code is sent only to a caller that passed a challenge (a captcha),
/// as LeanCloud's validate_token does. The master key (a server calling for its users) is exempt.
/// </summary>
public sealed class ChallengeGate(IEnumerable<IChallengeVerifier> verifiers, IOptions<LimitsOptions> options, ILogger<ChallengeGate> logger)
{
    private readonly IChallengeVerifier? _verifier = verifiers.LastOrDefault();

    /// <summary>True when challenges are required but nothing can check them: a configuration error.</summary>
    public bool IsMisconfigured => options.Value.RequireChallenge && _verifier is null;

    public async Task CheckAsync(string? token, RequestContext caller, CancellationToken cancellationToken)
    {
        if (!options.Value.RequireChallenge || caller.IsMaster) return;
        if (_verifier is null) throw new InvalidOperationException("Limits:RequireChallenge is on but no IChallengeVerifier is registered.");
        if (!string.IsNullOrEmpty(token) && await _verifier.VerifyAsync(token, caller, cancellationToken)) return;
        logger.LogInformation(LogEvents.ChallengeFailed, "Code request without a valid challenge token from {Ip}", caller.Ip);
        throw new PhoneAuthException(AuthError.ChallengeFailed);
    }
}
