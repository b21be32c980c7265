using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Tests.Core;

/// <summary>The conversion guard's rule at its edges, with the default settings (50 sends, 5x usual, 30 % verified).</summary>
public sealed class ConversionRuleTests
{
    private static readonly ConversionGuardOptions Defaults = new();
    private static readonly ConversionWindows Windows = new(TimeSpan.FromHours(1), TimeSpan.FromDays(7));

    private static ConversionVerdict Judge(long sent, long verified, double usualPerHour = 0) =>
        ConversionRule.Judge(new ConversionCounts("+86 1700", sent, verified, (long)(usualPerHour * 168)), Defaults, Windows);

    [Fact]
    public void APrefixWithFewSendsIsNeverGuardedHoweverFewAreVerified()
    {
        Assert.False(Judge(sent: 49, verified: 0).Guarded);
        Assert.True(Judge(sent: 50, verified: 0).Guarded);
    }

    [Fact]
    public void APrefixIsGuardedOnlyBelowTheConversionThreshold()
    {
        Assert.True(Judge(sent: 100, verified: 29).Guarded);
        Assert.False(Judge(sent: 100, verified: 30).Guarded);
    }

    [Fact]
    public void APrefixAtItsUsualLevelIsNotGuardedEvenWithPoorConversion()
    {
        // 60 codes an hour usually: 300 in an hour is not yet "well above" it; 301 is.
        Assert.False(Judge(sent: 300, verified: 10, usualPerHour: 60).Guarded);
        Assert.True(Judge(sent: 301, verified: 10, usualPerHour: 60).Guarded);
    }

    [Fact]
    public void TheVerdictCarriesTheFiguresThatDecidedIt()
    {
        var verdict = Judge(sent: 200, verified: 20, usualPerHour: 2);
        Assert.Equal(0.1, verdict.Conversion, 3);
        Assert.Equal(2, verdict.Usual, 3);
        Assert.Equal(1, Judge(sent: 0, verified: 0).Conversion);
    }
}
