using System.Text.Json;

namespace PhoneAuth.Sdk;

/// <summary>
/// Keeps the client's state between runs: the installation id and the current user (with its session
/// token). In memory by default (<see cref="InMemoryClientStore"/>); <see cref="FileClientStore"/>
/// keeps it in a file; implement this for the platform's secure storage (Keychain, Keystore).
/// </summary>
public interface IClientStore
{
    /// <summary>The saved state, or null when there is none.</summary>
    Task<ClientState?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the saved state.</summary>
    Task SaveAsync(ClientState state, CancellationToken cancellationToken = default);
}

/// <summary>What a client keeps: its installation id and its current user as the server sent it.</summary>
/// <param name="InstallationId">This installation's id, sent with every request.</param>
/// <param name="CurrentUser">The current user's JSON, with its session token; null when logged out.</param>
public sealed record ClientState(string InstallationId, JsonElement? CurrentUser);

/// <summary>Keeps the state in memory: gone when the process ends. The default.</summary>
public sealed class InMemoryClientStore : IClientStore
{
    private ClientState? _state;

    /// <inheritdoc/>
    public Task<ClientState?> LoadAsync(CancellationToken cancellationToken = default) => Task.FromResult(Volatile.Read(ref _state));

    /// <inheritdoc/>
    public Task SaveAsync(ClientState state, CancellationToken cancellationToken = default)
    {
        Volatile.Write(ref _state, state);
        return Task.CompletedTask;
    }
}
