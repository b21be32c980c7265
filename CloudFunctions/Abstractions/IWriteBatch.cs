namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// Writes of several stores made durable together: one transaction and one commit, sent in one round
/// trip where the engine allows (PostgreSQL). A store adds its writes with its methods that take a batch;
/// nothing is written before <see cref="CommitAsync"/>, and then all of it or none. The phone flow uses it
/// so that a request costs one commit, not one per table.
/// </summary>
public interface IWriteBatch
{
    /// <summary>True when nothing waits to be written.</summary>
    bool IsEmpty { get; }

    /// <summary>
    /// Writes everything added so far in one transaction and empties the batch, whether it succeeds or not
    /// (a failed commit wrote nothing, and is not tried again by a later one).
    /// </summary>
    Task CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Makes write batches for the stores of this engine.</summary>
public interface IWriteBatches
{
    IWriteBatch Begin();
}
