namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Request ids already seen, so that a retried request does nothing twice.</summary>
public interface IIdempotencyStore
{
    /// <summary>Records <paramref name="requestId"/> until <paramref name="expiresAt"/>; false when it is already recorded and unexpired.</summary>
    Task<bool> TryRegisterAsync(string requestId, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Forgets <paramref name="requestId"/>, when its request was not accepted (503) and may be retried.</summary>
    Task ReleaseAsync(string requestId, CancellationToken cancellationToken);

    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
