namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// What a code is for: its purpose, and for account operations (bind, unbind, verify, change) the user
/// who asked, so that one user's bind code cannot bind another. A code is stored and hashed under its scope.
/// </summary>
public sealed record CodeScope(string Purpose, string? UserId = null)
{
    /// <summary>The stored form: the purpose, or purpose:userId.</summary>
    public string Key => UserId is null ? Purpose : Purpose + ":" + UserId;
}
