using System.Globalization;
using Lib = PhoneNumbers;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The one place that calls libphonenumber. Its util reads the country-code table when first asked;
/// each region's metadata is read from the library's resources the first time a number of that region
/// is parsed, so a server that only sees mainland numbers never loads the rest (see the README's
/// "Phone numbers" for what it costs).
/// </summary>
internal static class PhoneMetadata
{
    private static Lib.PhoneNumberUtil Util => Lib.PhoneNumberUtil.GetInstance();

    /// <summary>The region ("CN") whose national numbers a country calling code ("86") stands for, or null when it has none.</summary>
    public static string? RegionOf(string countryCode)
    {
        if (!int.TryParse(countryCode, NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return null;
        var region = Util.GetRegionCodeForCountryCode(code);
        // "ZZ": no such code; "001": a non-geographic code (+800, +882), which has no national numbers.
        return region is "ZZ" or "001" ? null : region;
    }

    /// <summary>
    /// Reads <paramref name="text"/> ("+…" or national digits) in <paramref name="region"/>. With
    /// <paramref name="requireValid"/>, only a number valid in its plan is read; without, any number
    /// libphonenumber can split into country code and national number (then typed Unknown if invalid).
    /// </summary>
    public static bool TryRead(string text, string region, bool requireValid, out (string CountryCode, string National, PhoneNumberType Type) number)
    {
        number = default;
        Lib.PhoneNumber parsed;
        try
        {
            parsed = Util.Parse(text, region);
        }
        catch (Lib.NumberParseException)
        {
            return false;
        }
        var valid = Util.IsValidNumber(parsed);
        if (requireValid && !valid) return false;
        number = (parsed.CountryCode.ToString(CultureInfo.InvariantCulture), Util.GetNationalSignificantNumber(parsed),
            valid ? TypeOf(Util.GetNumberType(parsed)) : PhoneNumberType.Unknown);
        return true;
    }

    private static PhoneNumberType TypeOf(Lib.PhoneNumberType type) => type switch
    {
        Lib.PhoneNumberType.FIXED_LINE => PhoneNumberType.FixedLine,
        Lib.PhoneNumberType.MOBILE => PhoneNumberType.Mobile,
        Lib.PhoneNumberType.FIXED_LINE_OR_MOBILE => PhoneNumberType.FixedLineOrMobile,
        Lib.PhoneNumberType.TOLL_FREE => PhoneNumberType.TollFree,
        Lib.PhoneNumberType.PREMIUM_RATE => PhoneNumberType.PremiumRate,
        Lib.PhoneNumberType.SHARED_COST => PhoneNumberType.SharedCost,
        Lib.PhoneNumberType.VOIP => PhoneNumberType.Voip,
        Lib.PhoneNumberType.PERSONAL_NUMBER => PhoneNumberType.PersonalNumber,
        Lib.PhoneNumberType.PAGER => PhoneNumberType.Pager,
        Lib.PhoneNumberType.UAN => PhoneNumberType.Uan,
        Lib.PhoneNumberType.VOICEMAIL => PhoneNumberType.Voicemail,
        _ => PhoneNumberType.Unknown,
    };
}
