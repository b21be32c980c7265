using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Tests.Core;

/// <summary>One canonical form per number, whatever way it was written.</summary>
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("13800138000", "+8613800138000")]
    [InlineData("+8613800138000", "+8613800138000")]
    [InlineData("008613800138000", "+8613800138000")]
    [InlineData("8613800138000", "+8613800138000")]
    [InlineData("138 0013 8000", "+8613800138000")]
    [InlineData("138-0013-8000", "+8613800138000")]
    [InlineData("(138) 0013.8000", "+8613800138000")]
    [InlineData("１３８００１３８０００", "+8613800138000")]
    [InlineData("＋８６ １３８ ００１３ ８０００", "+8613800138000")]
    [InlineData("+86 0138 0013 8000", "+8613800138000")]
    [InlineData("\u00a0+86\u00a013800138000 ", "+8613800138000")]
    [InlineData("+1 (415) 555-2671", "+14155552671")]
    [InlineData("+44 07911 123456", "+447911123456")]
    [InlineData("0044 7911 123456", "+447911123456")]
    [InlineData("+852 9123 4567", "+85291234567")]
    [InlineData("+886 912 345 678", "+886912345678")]
    [InlineData("+39 06 1234 5678", "+390612345678")]
    [InlineData("+49 1512 3456789", "+4915123456789")]
    [InlineData("+7 912 345 6789", "+79123456789")]
    [InlineData("+971 50 123 4567", "+971501234567")]
    [InlineData("+8613900000000", "+8613900000000")]
    [InlineData("19912345678", "+8619912345678")]
    [InlineData("16612345678", "+8616612345678")]
    [InlineData("14712345678", "+8614712345678")]
    public void ValidNumbersHaveOneCanonicalForm(string input, string expected)
    {
        Assert.True(PhoneNumber.TryParse(input, "86", out var number), input);
        Assert.Equal(expected, number.E164);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("abc")]
    [InlineData("1380013800")]      // 10 digits
    [InlineData("138001380001")]    // 12 digits
    [InlineData("12345678901")]     // 12x is not a mainland mobile prefix
    [InlineData("15412345678")]     // 154 is unassigned
    [InlineData("+1 415 555 267")]  // too short for NANP
    [InlineData("+0 123456789")]
    [InlineData("++8613800138000")]
    [InlineData("+86+13800138000")]
    [InlineData("138 0013 8000 ext 12")]
    [InlineData("+1234567890123456")] // over 15 digits
    [InlineData("+852 1234")]
    [InlineData("+8613800138000;ext=1")] // libphonenumber reads extensions; a code goes to a line, not an extension
    [InlineData("1-800-FLOWERS")]        // libphonenumber reads letters on a keypad; numbers here are digits
    [InlineData("١٣٨٠٠١٣٨٠٠٠")] // Arabic-Indic digits, which libphonenumber also reads
    public void InvalidNumbersAreRefused(string? input) =>
        Assert.False(PhoneNumber.TryParse(input, "86", out _), input);

    [Fact]
    public void ANationalNumberBelongsToTheDefaultCountry()
    {
        Assert.True(PhoneNumber.TryParse("07911 123456", "44", out var uk));
        Assert.Equal("+447911123456", uk.E164);
        Assert.Equal("44", uk.CountryCode);
        Assert.Equal("7911123456", uk.National);
    }

    /// <summary>
    /// The mainland prefixes the hand-written rules knew are libphonenumber's too: its metadata agrees on
    /// each (and follows new allocations without a release of ours).
    /// </summary>
    [Theory]
    [InlineData("13012345678", true)]
    [InlineData("14512345678", true)]
    [InlineData("14412345678", false)]
    [InlineData("16212345678", true)]
    [InlineData("16312345678", false)]
    [InlineData("17812345678", true)]
    [InlineData("17912345678", false)]
    [InlineData("19412345678", false)]
    [InlineData("11012345678", false)]
    public void MainlandMobilePrefixes(string national, bool mobile) =>
        Assert.Equal(mobile, PhoneNumber.TryParse(national, "86", out var number) && number.Type == PhoneNumberType.Mobile);

    /// <summary>
    /// The hand-written rules refused every mainland number but a mobile. libphonenumber reads a landline
    /// as what it is, and the number-type rule refuses it (127) where a code would be sent, before anything
    /// is counted: the client's answer is unchanged, and a landline may still be an account's number.
    /// </summary>
    [Fact]
    public void AMainlandLandlineIsReadAsAFixedLine()
    {
        Assert.True(PhoneNumber.TryParse("+86 10 1234 5678", "86", out var beijing));
        Assert.Equal("+861012345678", beijing.E164);
        Assert.Equal(PhoneNumberType.FixedLine, beijing.Type);
    }

    [Theory]
    [InlineData("+8613800138000", "86", "13800138000", PhoneNumberType.Mobile)]
    [InlineData("+390612345678", "39", "0612345678", PhoneNumberType.FixedLine)]
    [InlineData("+8614412345678", "86", "14412345678", PhoneNumberType.Unknown)] // no longer (or not yet) a valid range
    [InlineData("+99912345", "", "99912345", PhoneNumberType.Unknown)]         // no such country code: the digits are kept
    public void AStoredNumberIsNeverRefused(string stored, string countryCode, string national, PhoneNumberType type)
    {
        var number = PhoneNumber.FromStored(stored);
        Assert.Equal(stored, number.E164);
        Assert.Equal(countryCode, number.CountryCode);
        Assert.Equal(national, number.National);
        Assert.Equal(type, number.Type);
    }

    [Theory]
    [InlineData("86", true)]
    [InlineData("1", true)]
    [InlineData("44", true)]
    [InlineData("882", false)] // international networks: no national numbers
    [InlineData("999", false)]
    public void TheDefaultCountryMustHaveNationalNumbers(string countryCode, bool valid) =>
        Assert.Equal(valid, PhoneNumber.IsCountryCode(countryCode));
}
