using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Every attempt to send an SMS: provider, message id, outcome, latency, purpose. Never the code.</summary>
public interface ISmsLogStore
{
    Task AddAsync(SmsLogEntry entry, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="entry"/> to <paramref name="batch"/>, to be written with the batch's other writes.</summary>
    void Add(IWriteBatch batch, SmsLogEntry entry);

    /// <summary>Newest first; only one phone's entries when <paramref name="phone"/> is given.</summary>
    Task<IReadOnlyList<SmsLogEntry>> ListAsync(string? phone, int skip, int limit, CancellationToken cancellationToken);

    Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
