using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>The <c>Users</c> section: password logins and the ordinary Parse user model.</summary>
public sealed class UsersOptions
{
    public const string Section = "Users";

    /// <summary>Parse Server's accountLockout.</summary>
    public AccountLockoutOptions AccountLockout { get; set; } = new();

    /// <summary>A user's own password change deletes their sessions and returns a new token. Defaults to true, as in Parse Server.</summary>
    public bool RevokeSessionOnPasswordReset { get; set; } = true;

    /// <summary>Whether Parse.AnonymousUtils may create anonymous users. Defaults to true, as in Parse Server.</summary>
    public bool EnableAnonymousUsers { get; set; } = true;

    /// <summary>
    /// The highest bcrypt cost (log2 of the rounds, 4 to 16) of a password hash imported from Parse Server that
    /// is checked. A stored hash above it is refused without being computed (cost 31 would hold a core for
    /// hours): the login fails as with a wrong password, a warning is logged, and the user must reset the
    /// password. Defaults to 12; Parse Server hashes at 10.
    /// </summary>
    [Range(4, 16)]
    public int MaxBcryptCost { get; set; } = 12;
}

/// <summary>Locks password login after repeated failures, with Parse Server's semantics.</summary>
public sealed class AccountLockoutOptions
{
    /// <summary>Failed logins that lock the account; 0 turns lockout off. Defaults to 5.</summary>
    [Range(0, 999)]
    public int Threshold { get; set; } = 5;

    /// <summary>How long the lock lasts. Defaults to 5 minutes.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a password change ends a lock. Defaults to false, as in Parse Server.</summary>
    public bool UnlockOnPasswordReset { get; set; }
}
