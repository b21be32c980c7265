using PhoneAuth.CloudFunctions.Model;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Short-lived, single-use proofs that a user holds their phone (verifyMyPhone → changeMobilePhone).</summary>
public interface ITicketStore
{
    Task CreateAsync(TicketRecord ticket, CancellationToken cancellationToken);

    /// <summary>The ticket with this hash, consumed or not, or null.</summary>
    Task<TicketRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Consumes the ticket if it is unconsumed and unexpired; true only for the one caller that did.</summary>
    Task<bool> ConsumeAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
