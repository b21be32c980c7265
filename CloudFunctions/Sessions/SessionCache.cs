using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Telemetry;

namespace PhoneAuth.CloudFunctions.Sessions;

/// <summary>
/// Live sessions and their users by token hash, so that a request with a session token usually costs
/// no database read. Correct across processes: an entry is dropped when the <see cref="IUserChangeFeed"/>
/// reports its user changed (a logout, a revocation or any write to the user, on any process), nothing
/// is served while the feed is not live, and an entry read before a change it has not seen is never
/// stored. <see cref="SessionOptions.CacheTtl"/> bounds how long a change made outside the server (by
/// hand, in the database) goes unseen.
/// </summary>
public sealed class SessionCache
{
    private const int Stripes = 1024;

    private readonly IUserChangeFeed? _feed;
    private readonly PhoneAuthMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, Entry> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _tokensByUser = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    // A change numbers itself; a stripe remembers the number of the last change of its users, so a
    // read that began before a change to its user is not stored.
    private readonly long[] _stripeChangedAt = new long[Stripes];
    private long _changes;
    private long _allChangedAt;

    /// <summary>Without a feed (a host whose storage announces no changes), nothing is cached.</summary>
    public SessionCache(TimeProvider time, IOptions<SessionOptions> options, IUserChangeFeed? feed = null, PhoneAuthMetrics? metrics = null)
    {
        _metrics = metrics;
        _time = time;
        _ttl = options.Value.CacheTtl;
        _capacity = options.Value.CacheSize;
        _feed = feed;
        if (_feed is not null) _feed.Changed += OnChanged;
    }

    private bool Enabled => _feed is { IsLive: true } && _ttl > TimeSpan.Zero && _capacity > 0;

    /// <summary>The cached session of this token hash, when fresh.</summary>
    public ResolvedSession? Find(string tokenHash)
    {
        if (!Enabled) return null;
        var session = _byToken.TryGetValue(tokenHash, out var entry) && _time.GetUtcNow() - entry.CachedAt < _ttl ? entry.Session : null;
        _metrics?.SessionCacheLookup(hit: session is not null);
        return session;
    }

    /// <summary>Marks the start of a database read whose result may be stored with <see cref="Store"/>.</summary>
    public long BeginRead() => Volatile.Read(ref _changes);

    /// <summary>Stores what a read begun at <paramref name="readStart"/> found, unless its user changed since.</summary>
    public void Store(string tokenHash, ResolvedSession session, long readStart)
    {
        if (!Enabled) return;
        var userId = session.User.Id;
        lock (_gate)
        {
            if (Volatile.Read(ref _allChangedAt) > readStart || Volatile.Read(ref _stripeChangedAt[Stripe(userId)]) > readStart) return;
            if (_byToken.Count >= _capacity) EvictSome();
            _byToken[tokenHash] = new Entry(session, _time.GetUtcNow());
            if (!_tokensByUser.TryGetValue(userId, out var tokens)) _tokensByUser[userId] = tokens = new HashSet<string>(StringComparer.Ordinal);
            tokens.Add(tokenHash);
        }
    }

    private void OnChanged(string? userId)
    {
        lock (_gate)
        {
            var change = Interlocked.Increment(ref _changes);
            if (userId is null)
            {
                Volatile.Write(ref _allChangedAt, change);
                _metrics?.SessionCacheInvalidated(all: true);
                _byToken.Clear();
                _tokensByUser.Clear();
                return;
            }
            Volatile.Write(ref _stripeChangedAt[Stripe(userId)], change);
            if (!_tokensByUser.Remove(userId, out var tokens)) return;
            _metrics?.SessionCacheInvalidated(all: false);
            foreach (var token in tokens) _byToken.TryRemove(token, out _);
        }
    }

    /// <summary>Drops a tenth of the entries, whichever come first, to make room.</summary>
    private void EvictSome()
    {
        foreach (var (token, entry) in _byToken.Take(Math.Max(1, _capacity / 10)).ToList())
        {
            _byToken.TryRemove(token, out _);
            if (_tokensByUser.TryGetValue(entry.Session.User.Id, out var tokens) && tokens.Remove(token) && tokens.Count == 0)
                _tokensByUser.Remove(entry.Session.User.Id);
        }
    }

    private static int Stripe(string userId) => (int)((uint)StringComparer.Ordinal.GetHashCode(userId) % Stripes);

    private sealed record Entry(ResolvedSession Session, DateTimeOffset CachedAt);
}
