using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Tests.Storage;

/// <summary>The reads and clears the operators' console needs from the limits store, on each engine.</summary>
public abstract partial class StorageContractTests
{
    private static readonly DateTimeOffset ConsoleT0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ExactCountsAreListedByKeyPrefixNewestFirstForTheConsole()
    {
        var lockA = new RateLimitRule("verify:lock:+8613800138000|ip:1", 1, TimeSpan.FromMinutes(15), "lock");
        var lockB = new RateLimitRule("verify:lock:+8613800138000|ip:2", 1, TimeSpan.FromMinutes(15), "lock");
        var longer = new RateLimitRule("verify:lock:+86138001380001|ip:1", 1, TimeSpan.FromMinutes(15), "lock");
        var old = new RateLimitRule("verify:lock:+8613800138000|ip:3", 1, TimeSpan.FromMinutes(15), "lock");
        await Limits.RecordAsync([old], ConsoleT0.AddMinutes(-30), CancellationToken.None);
        await Limits.RecordAsync([lockA], ConsoleT0.AddMinutes(1), CancellationToken.None);
        await Limits.RecordAsync([lockA, longer], ConsoleT0.AddMinutes(2), CancellationToken.None);
        await Limits.RecordAsync([lockB], ConsoleT0.AddMinutes(3), CancellationToken.None);

        var found = await Limits.ListExactAsync("verify:lock:+8613800138000|", ConsoleT0.AddMinutes(-15), 10, CancellationToken.None);

        Assert.Equal(["verify:lock:+8613800138000|ip:2", "verify:lock:+8613800138000|ip:1"], found.Select(k => k.Key));
        Assert.Equal([1, 2], found.Select(k => k.Events));
        Assert.Equal(ConsoleT0.AddMinutes(3), found[0].Newest);
        Assert.Single(await Limits.ListExactAsync("verify:lock:+8613800138000|", ConsoleT0.AddMinutes(-15), 1, CancellationToken.None));
    }

    [Fact]
    public async Task ExactCountsAreDeletedByKeyPrefixOnlyForTheConsole()
    {
        var target = new RateLimitRule("verify:lock:+8613800138000|ip:1", 1, TimeSpan.FromMinutes(15), "lock");
        var other = new RateLimitRule("verify:lock:+86138001380001|ip:1", 1, TimeSpan.FromMinutes(15), "lock");
        var wildcard = new RateLimitRule("verify:lock:%|ip:1", 1, TimeSpan.FromMinutes(15), "lock");
        await Limits.RecordAsync([target, other, wildcard], ConsoleT0, CancellationToken.None);

        Assert.Equal(1, await Limits.DeleteExactAsync("verify:lock:+8613800138000|", CancellationToken.None));
        Assert.True((await Limits.CheckAsync([target], ConsoleT0, CancellationToken.None)).Allowed);
        Assert.False((await Limits.CheckAsync([other], ConsoleT0, CancellationToken.None)).Allowed);
        Assert.Equal(0, await Limits.DeleteExactAsync("verify:lock:_", CancellationToken.None));
        Assert.False((await Limits.CheckAsync([wildcard], ConsoleT0, CancellationToken.None)).Allowed);
    }
}

/// <summary>The conversion series the console charts, on each engine.</summary>
public abstract partial class StorageContractTests
{
    [Fact]
    public async Task ConversionCountsAreSummedPerWindowAcrossScopesForTheConsole()
    {
        var store = new SqlConversionStore(Database);
        var hourly = new ConversionWindows(TimeSpan.FromHours(1), TimeSpan.FromDays(7));
        var start = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
        await store.CountSentAsync("+86 1700", start.AddMinutes(5), hourly, CancellationToken.None);
        await store.CountSentAsync("+86 1390", start.AddMinutes(50), hourly, CancellationToken.None);
        await store.CountVerifiedAsync("+86 1390", start.AddMinutes(50), hourly, CancellationToken.None);
        await store.CountSentAsync("+86 1700", start.AddHours(2).AddMinutes(1), hourly, CancellationToken.None);
        await store.CountSentAsync("+86 1700", start.AddHours(-3), hourly, CancellationToken.None);

        var series = await store.SeriesAsync(start, hourly, CancellationToken.None);

        Assert.Equal([new ConversionBucket(start, 2, 1), new ConversionBucket(start.AddHours(2), 1, 0)], series);
    }
}
