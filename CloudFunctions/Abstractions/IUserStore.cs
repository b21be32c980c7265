using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Users. The store enforces uniqueness: creating or updating a user whose phone, username or email
/// is taken throws <see cref="Errors.PhoneAuthException"/> with PhoneNumberTaken, UsernameTaken or
/// EmailTaken, so that races are decided by the database, not by a check beforehand.
/// </summary>
public interface IUserStore
{
    Task<UserRecord?> FindByIdAsync(string id, CancellationToken cancellationToken);

    /// <summary>Finds the user with this canonical E.164 phone number.</summary>
    Task<UserRecord?> FindByPhoneAsync(string phone, CancellationToken cancellationToken);

    Task CreateAsync(UserRecord user, CancellationToken cancellationToken);
}
