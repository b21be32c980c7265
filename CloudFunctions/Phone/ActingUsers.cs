using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>The account an account operation acts on, and its current phone.</summary>
public sealed class ActingUsers(IUserStore users, PhoneParser phones)
{
    /// <summary>
    /// The caller's own user, read fresh from the store (the session's copy may be a request old), or,
    /// with the master key, the user named by <paramref name="userId"/> (server-side administration).
    /// Codes and tickets are required all the same.
    /// </summary>
    public async Task<UserRecord> ResolveAsync(RequestContext caller, string? userId, CancellationToken cancellationToken)
    {
        if (caller.IsMaster && !string.IsNullOrEmpty(userId))
            return await users.FindByIdAsync(userId, cancellationToken) ?? throw new PhoneAuthException(AuthError.UserNotFound);
        return caller.User is { } user
            ? await users.FindByIdAsync(user.Id, cancellationToken) ?? throw new PhoneAuthException(AuthError.SessionInvalid)
            : throw new PhoneAuthException(AuthError.LoginRequired);
    }

    /// <summary>The account's phone, or 212 when it has none.</summary>
    public PhoneNumber CurrentPhone(UserRecord user) =>
        user.Phone is { } phone ? phones.Stored(phone) : throw new PhoneAuthException(AuthError.NoPhoneBound);
}
