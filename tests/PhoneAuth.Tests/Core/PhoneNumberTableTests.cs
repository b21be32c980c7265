using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Tests.Core;

/// <summary>Each number of the table: its canonical form, its type and whether the default rules let a code go to it.</summary>
public sealed class PhoneNumberTableTests
{
    [Theory]
    [MemberData(nameof(PhoneNumberTable.All), MemberType = typeof(PhoneNumberTable))]
    public void EachNumberHasItsCanonicalFormTypeAndVerdict(PhoneNumberTable.Row row)
    {
        Assert.True(PhoneNumber.TryParse(row.Input, row.DefaultCountry, out var number), row.Input);
        Assert.Equal(row.E164, number.E164);
        Assert.Equal(row.Type, number.Type);
        Assert.Equal(row.Receives, new LimitsOptions().Allows(number.Type));
        // Read back from storage, it is the same number.
        Assert.Equal(number, PhoneNumber.FromStored(number.E164));
    }

    [Fact]
    public void TheTableCoversTenCountriesAndTheTypesTheyHave()
    {
        var countries = PhoneNumberTable.Rows.Select(r => PhoneNumber.FromStored(r.E164).CountryCode).ToHashSet();
        Assert.Superset(new HashSet<string> { "86", "852", "886", "1", "44", "39", "49", "91", "55" }, countries);
        Assert.True(PhoneNumberTable.Rows.Length >= 30);
        Assert.Superset(new HashSet<PhoneNumberType>
        {
            PhoneNumberType.Mobile, PhoneNumberType.FixedLineOrMobile, PhoneNumberType.FixedLine, PhoneNumberType.TollFree, PhoneNumberType.PremiumRate,
            PhoneNumberType.SharedCost, PhoneNumberType.Voip, PhoneNumberType.PersonalNumber, PhoneNumberType.Pager, PhoneNumberType.Uan,
        }, PhoneNumberTable.Rows.Select(r => r.Type).ToHashSet());
    }
}
