using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The <see cref="Viewer"/> of a request: its user's roles, resolved by one query however deep the
/// hierarchy, and kept for <see cref="DataOptions.CacheTtl"/> (so a change to a role reaches every
/// process within it). Bounded: at most 10,000 users' roles are kept.
/// </summary>
public sealed class Viewers(IObjectStore store, TimeProvider time, IOptions<DataOptions> options)
{
    private const int MaxCached = 10_000;
    private readonly ConcurrentDictionary<string, (IReadOnlySet<string> Roles, long LoadedAt)> _roles = new(StringComparer.Ordinal);

    public async Task<Viewer> ForAsync(RequestContext caller, CancellationToken cancellationToken)
    {
        if (caller.IsMaster) return Viewer.Master;
        if (caller.User is not { } user) return Viewer.Anonymous;
        return new Viewer(false, user.Id, await RolesOfAsync(user.Id, cancellationToken));
    }

    public async Task<IReadOnlySet<string>> RolesOfAsync(string userId, CancellationToken cancellationToken)
    {
        if (_roles.TryGetValue(userId, out var cached) && time.GetElapsedTime(cached.LoadedAt) < options.Value.CacheTtl) return cached.Roles;
        var roles = await store.RoleNamesOfAsync(userId, cancellationToken);
        if (_roles.Count >= MaxCached) _roles.Clear();
        _roles[userId] = (roles, time.GetTimestamp());
        return roles;
    }

    /// <summary>Forgets every user's roles, after a role changed here: this process sees it at once.</summary>
    public void ForgetRoles() => _roles.Clear();
}
