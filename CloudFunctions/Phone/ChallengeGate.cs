using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Challenges (captchas, as LeanCloud's validate_token) before a code is sent: always with
/// Limits:RequireChallenge, and otherwise once a phone has had its day's codes, so that its owner can
/// still get one while SMS bombing stops. The master key (a server calling for its users) is exempt.
/// </summary>
public sealed class ChallengeGate(IEnumerable<IChallengeVerifier> verifiers, IOptions<LimitsOptions> options, ILogger<ChallengeGate> logger)
{
    private readonly IChallengeVerifier? _verifier = verifiers.LastOrDefault();

    /// <summary>True when a verifier is registered, so that a challenge can be asked for rather than a send refused.</summary>
    public bool HasVerifier => _verifier is not null;

    /// <summary>True when challenges are required but nothing can check them: a configuration error.</summary>
    public bool IsMisconfigured => options.Value.RequireChallenge && _verifier is null;

    /// <summary>With Limits:RequireChallenge, refuses a caller without a valid token (608); says whether one was passed.</summary>
    public async Task<ChallengeAnswer> CheckAsync(string? token, RequestContext caller, CancellationToken cancellationToken)
    {
        if (caller.IsMaster) return new ChallengeAnswer(token, Passed: true);
        if (!options.Value.RequireChallenge) return new ChallengeAnswer(token, Passed: false);
        if (_verifier is null) throw new InvalidOperationException("Limits:RequireChallenge is on but no IChallengeVerifier is registered.");
        if (!string.IsNullOrEmpty(token) && await _verifier.VerifyAsync(token, caller, cancellationToken)) return new ChallengeAnswer(token, Passed: true);
        throw Failed(caller);
    }

    /// <summary>
    /// Whether a send past a phone's daily cap may go through: the caller passed a challenge for this
    /// request, or passes one now. False when no verifier is registered (the cap is then a hard stop);
    /// 608 when one is and the caller has no valid token.
    /// </summary>
    public async Task<bool> PassesPastCapAsync(ChallengeAnswer answer, RequestContext caller, CancellationToken cancellationToken)
    {
        if (answer.Passed) return true;
        if (_verifier is null) return false;
        if (!string.IsNullOrEmpty(answer.Token) && await _verifier.VerifyAsync(answer.Token, caller, cancellationToken)) return true;
        throw Failed(caller);
    }

    private PhoneAuthException Failed(RequestContext caller)
    {
        logger.LogInformation(LogEvents.ChallengeFailed, "Code request without a valid challenge token from {Ip}", caller.Ip);
        return new PhoneAuthException(AuthError.ChallengeFailed) { Reason = "challenge" };
    }
}

/// <summary>What a caller brought to the challenge: its token, and whether it was already accepted for this request.</summary>
public sealed record ChallengeAnswer(string? Token, bool Passed);
