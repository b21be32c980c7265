namespace PhoneAuth.CloudFunctions.Errors;

/// <summary>
/// The database failed. Stores wrap their driver's errors in this type so the core and the dialects
/// can tell an outage (answered 503, retryable) from a bug, without knowing any driver.
/// </summary>
public sealed class StorageException(string message, bool isTransient, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying later may succeed: the database is unreachable, restarting or overloaded.</summary>
    public bool IsTransient { get; } = isTransient;
}
