using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.CloudFunctions.Users;

/// <summary>
/// A password change that proves the current password (LeanCloud's updatePassword): only with the
/// user's own session. The old password is checked as a login checks it, lockout included, so this
/// route guesses passwords no faster than /login. Then it is an ordinary update: every session of
/// the user ends and the caller gets a new token (Users:RevokeSessionOnPasswordReset).
/// </summary>
public sealed class PasswordUpdate(PasswordLogin logins, UserService users)
{
    /// <returns>The update, and the session token the caller is to use from now on.</returns>
    public async Task<(UpdateResult Update, string? SessionToken)> UpdateAsync(string userId, string? oldPassword, string? newPassword,
        RequestContext caller, CancellationToken cancellationToken)
    {
        if (caller.User?.Id != userId)
            throw new PhoneAuthException(AuthError.SessionMissing, $"Only user {userId}'s own session may change its password by the old one.");
        if (string.IsNullOrEmpty(newPassword)) throw new PhoneAuthException(AuthError.PasswordMissing);
        await logins.VerifyUserAsync(userId, oldPassword, cancellationToken);
        var result = await users.UpdateAsync(userId, new UserChanges { Password = newPassword }, caller, cancellationToken);
        return (result, result.NewSessionToken ?? caller.SessionToken);
    }
}
