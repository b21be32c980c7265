using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using SessionOptions = PhoneAuth.CloudFunctions.Options.SessionOptions;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Core;

/// <summary>The session cache's rules, against a feed the test drives.</summary>
public sealed class SessionCacheTests
{
    private sealed class TestFeed : IUserChangeFeed
    {
        public bool IsLive { get; set; } = true;
        public event Action<string?>? Changed;
        public void Raise(string? userId) => Changed?.Invoke(userId);
    }

    private readonly TestFeed _feed = new();
    private readonly ManualTimeProvider _time = new();

    private SessionCache NewCache(TimeSpan? ttl = null, int size = 100) =>
        new(_time, Options.Create(new SessionOptions { CacheTtl = ttl ?? TimeSpan.FromMinutes(1), CacheSize = size }), _feed);

    private static ResolvedSession Session(string user, string id = "s") => new(
        new SessionRecord { Id = id, TokenHash = "h-" + id, UserId = user, ExpiresAt = DateTimeOffset.MaxValue },
        new UserRecord { Id = user, Username = user });

    [Fact]
    public void AStoredSessionIsServedUntilItsUserChangesOrItsTimeIsUp()
    {
        var cache = NewCache();
        cache.Store("h1", Session("u1"), cache.BeginRead());
        cache.Store("h2", Session("u2"), cache.BeginRead());
        Assert.Equal("u1", cache.Find("h1")!.User.Id);

        _feed.Raise("u1");
        Assert.Null(cache.Find("h1"));
        Assert.NotNull(cache.Find("h2"));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(cache.Find("h2"));
    }

    [Fact]
    public void AReadThatBeganBeforeAChangeToItsUserIsNotStored()
    {
        var cache = NewCache();
        var before = cache.BeginRead();
        _feed.Raise("u1");
        cache.Store("h1", Session("u1"), before);
        cache.Store("h2", Session("u2"), before); // another user's read is unaffected
        Assert.Null(cache.Find("h1"));
        Assert.NotNull(cache.Find("h2"));

        var after = cache.BeginRead();
        cache.Store("h1", Session("u1"), after);
        Assert.NotNull(cache.Find("h1"));
    }

    [Fact]
    public void NothingIsServedOrStoredWhileTheFeedIsNotLiveAndALostFeedDropsEverything()
    {
        var cache = NewCache();
        cache.Store("h1", Session("u1"), cache.BeginRead());
        _feed.IsLive = false;
        Assert.Null(cache.Find("h1"));
        cache.Store("h2", Session("u2"), cache.BeginRead());

        var before = cache.BeginRead();
        _feed.Raise(null); // the listener lost the database: anything may have changed
        _feed.IsLive = true;
        Assert.Null(cache.Find("h1"));
        Assert.Null(cache.Find("h2"));
        cache.Store("h3", Session("u3"), before);
        Assert.Null(cache.Find("h3"));
    }

    [Fact]
    public void AFullCacheMakesRoomAndAZeroTtlOrSizeTurnsItOff()
    {
        var cache = NewCache(size: 10);
        for (var i = 0; i < 25; i++) cache.Store("h" + i, Session("u" + i, "s" + i), cache.BeginRead());
        Assert.InRange(Enumerable.Range(0, 25).Count(i => cache.Find("h" + i) is not null), 1, 10);
        Assert.NotNull(cache.Find("h24"));

        foreach (var off in new[] { NewCache(ttl: TimeSpan.Zero), NewCache(size: 0) })
        {
            off.Store("h1", Session("u1"), off.BeginRead());
            Assert.Null(off.Find("h1"));
        }
    }
}
