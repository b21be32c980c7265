namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Hashes and verifies passwords. The host provides a maintained algorithm.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    PasswordCheck Verify(string hash, string password);
}

/// <summary>The outcome of a password check.</summary>
public enum PasswordCheck
{
    Failed,
    Success,
    /// <summary>Correct, but the hash uses an old or imported algorithm: store a new one.</summary>
    SuccessRehashNeeded,
}
