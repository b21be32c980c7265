using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Codes sent by SMS. Each requester has at most one live code per phone and purpose: a new code
/// replaces the previous one the same requester asked for, never another requester's (so a stranger
/// cannot retire the owner's code by asking for one). Attempts are counted before the comparison, so
/// that concurrent guesses cannot exceed the attempt limit, and a code is consumed by one conditional
/// update, exactly once.
/// </summary>
public interface IVerificationCodeStore
{
    Task AddAsync(VerificationCodeRecord code, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="code"/> (retiring its requester's previous one) to <paramref name="batch"/>, as <see cref="AddAsync"/> does.</summary>
    void Add(IWriteBatch batch, VerificationCodeRecord code);

    /// <summary>
    /// Atomically counts one attempt against a live code of the claim's phone and purpose: the newest
    /// its requester asked for, else the newest of any requester while its attempts from strangers are
    /// below <see cref="CodeClaim.MaxForeignAttempts"/>. A code is live while it is unconsumed, unexpired
    /// and has had fewer than <see cref="CodeClaim.MaxAttempts"/> attempts. Null when there is none.
    /// In the same statement, consumes the claimed code when it is checked locally (no verifier) and its
    /// stored hash is <paramref name="codeHash"/> (<see cref="CodeAttempt.Consumed"/>); a null hash (a
    /// malformed code) counts the attempt and consumes nothing. The hashes are keyed HMACs, so comparing
    /// them in the database tells a timing observer nothing about the code.
    /// </summary>
    Task<CodeAttempt?> ClaimAndConsumeAsync(CodeClaim claim, string? codeHash, CancellationToken cancellationToken);

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
