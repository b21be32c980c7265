using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Tests.Storage;

/// <summary>The conversion guard's counts, on every engine.</summary>
public abstract partial class StorageContractTests
{
    private static readonly ConversionWindows Hourly = new(TimeSpan.FromHours(1), TimeSpan.FromDays(7));

    private IConversionStore Conversions => new SqlConversionStore(Database);

    private async Task SendAsync(string scope, DateTimeOffset at, int count, int verified = 0)
    {
        for (var i = 0; i < count; i++) await Conversions.CountSentAsync(scope, at, Hourly, None);
        for (var i = 0; i < verified; i++) await Conversions.CountVerifiedAsync(scope, at, Hourly, None);
    }

    [Fact]
    public async Task APrefixIsReadForItsWindowAndForTheWholeWindowsOfTheBaselineBefore()
    {
        await SendAsync("+86 1700", T0.AddHours(-30), 7);           // in the baseline
        await SendAsync("+86 1700", T0.AddHours(-3), 10, verified: 8); // in the baseline
        await SendAsync("+86 1700", T0.AddDays(-8), 100);          // before the baseline
        await SendAsync("+86 1700", T0.AddMinutes(10), 4, verified: 2);
        await SendAsync("+86 1390", T0.AddMinutes(10), 3);

        Assert.Equal(new ConversionCounts("+86 1700", 4, 2, 17), await Conversions.ReadAsync("+86 1700", T0.AddMinutes(30), Hourly, None));
        Assert.Equal(new ConversionCounts("+86 1390", 3, 0, 0), await Conversions.ReadAsync("+86 1390", T0.AddMinutes(30), Hourly, None));
        // An hour and a minute after its bucket, a send has left the window.
        Assert.Equal(0, (await Conversions.ReadAsync("+86 1700", T0.AddMinutes(71), Hourly, None)).Sent);
        Assert.Equal(4, (await Conversions.ReadAsync("+86 1700", T0.AddMinutes(70), Hourly, None)).Sent);
    }

    [Fact]
    public async Task AClearForgetsTheWindowUpToTheNextBucket()
    {
        await SendAsync("+44", T0.AddMinutes(1), 5);
        await Conversions.ClearAsync("+44", T0.AddMinutes(10).AddSeconds(30), None);
        await SendAsync("+44", T0.AddMinutes(10).AddSeconds(40), 1); // in the bucket the clear fell in: not counted
        await SendAsync("+44", T0.AddMinutes(11), 2);
        Assert.Equal(2, (await Conversions.ReadAsync("+44", T0.AddMinutes(20), Hourly, None)).Sent);
        Assert.Equal(8, (await new SqlConversionStore(Database).ReadAsync("+44", T0.AddHours(3), Hourly, None)).BaselineSent);
    }

    [Fact]
    public async Task BusyPrefixesAreListedBusiestFirst()
    {
        await SendAsync("+86 1700", T0, 3);
        await SendAsync("+86 1701", T0, 5);
        await SendAsync("+86 1702", T0, 1);
        var busy = await Conversions.ListBusyAsync(T0.AddMinutes(5), Hourly, minSends: 2, limit: 10, None);
        Assert.Equal(new[] { "+86 1701", "+86 1700" }, busy.Select(b => b.Scope));
    }

    [Fact]
    public async Task ConcurrentCountsAreAllKept()
    {
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => i % 4 == 0
            ? Conversions.CountVerifiedAsync("+86 1700", T0, Hourly, None)
            : Conversions.CountSentAsync("+86 1700", T0, Hourly, None))));
        Assert.Equal(new ConversionCounts("+86 1700", 30, 10, 0), await Conversions.ReadAsync("+86 1700", T0.AddMinutes(1), Hourly, None));
    }

    [Fact]
    public async Task OldCountsAreSwept()
    {
        await SendAsync("+86 1700", T0, 3);
        await Conversions.ClearAsync("+86 1700", T0, None);
        Assert.Equal(0, await Conversions.DeleteOlderThanAsync(T0.AddSeconds(-1), None));
        Assert.Equal(3, await Conversions.DeleteOlderThanAsync(T0, None)); // the fine and the coarse bucket, and the clear
    }
}
