namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Hashes and verifies passwords. The host provides a maintained algorithm.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);

    /// <summary>
    /// How long the slowest verification this hasher accepts takes on this machine: each kind of hash it
    /// verifies, at the highest cost it computes. Failed logins are padded to it, so that their time tells
    /// neither whether the account exists nor which kind of hash it has. Measured once, on first use.
    /// </summary>
    TimeSpan SlowestVerification { get; }
}

/// <summary>The outcome of a password check.</summary>
public enum PasswordCheck
{
    Failed,
    Success,
    /// <summary>Correct, but the hash uses an old or imported algorithm: store a new one.</summary>
    SuccessRehashNeeded,
}
