using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Codes sent by SMS. Only the newest code of a phone and purpose is live: a new code replaces the
/// previous one. Attempts are counted before the comparison, so that concurrent guesses cannot
/// exceed the attempt limit, and a code is consumed by one conditional update, exactly once.
/// </summary>
public interface IVerificationCodeStore
{
    Task AddAsync(VerificationCodeRecord code, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically counts one attempt against the newest code of this phone and purpose, if it is
    /// unconsumed, unexpired and has had fewer than <paramref name="maxAttempts"/> attempts.
    /// Returns null when there is no such code.
    /// </summary>
    Task<CodeAttempt?> ClaimAttemptAsync(string phone, string purpose, DateTimeOffset now, int maxAttempts, CancellationToken cancellationToken);

    /// <summary>
    /// The phone of the newest live code of <paramref name="purpose"/> that <paramref name="requestedBy"/>
    /// asked for, or null. For clients that check a code without naming the phone: the lookup is by
    /// who asked, never by the code.
    /// </summary>
    Task<string?> FindRequestedPhoneAsync(string purpose, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Marks the code consumed unless it already was; true only for the one caller that consumed it.</summary>
    Task<bool> ConsumeAsync(long codeId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Retires every live code of <paramref name="phone"/>, whatever its purpose (after a phone change or unbind).</summary>
    Task<int> InvalidateAsync(string phone, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes codes that expired before <paramref name="now"/>; returns how many.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
