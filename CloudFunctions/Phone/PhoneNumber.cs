using System.Text;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// A phone number in canonical E.164 form (<c>+8613800138000</c>), parsed once at the edge of the core.
/// <c>+86 138 0013 8000</c>, <c>008613800138000</c>, <c>13800138000</c> and full-width
/// <c>１３８００１３８０００</c> are the same number. libphonenumber does not restore here, so the
/// rules are ours: ITU country-code lengths, a length table for common countries, and mainland
/// China's mobile prefixes (only mobiles receive SMS).
/// </summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string countryCode, string national)
    {
        CountryCode = countryCode;
        National = national;
        E164 = "+" + countryCode + national;
    }

    /// <summary>The country calling code without "+", e.g. "86".</summary>
    public string CountryCode { get; }

    /// <summary>The national significant number, without trunk prefix.</summary>
    public string National { get; }

    /// <summary>The canonical form, e.g. "+8613800138000".</summary>
    public string E164 { get; }

    public override string ToString() => E164;

    /// <summary>Parses <paramref name="input"/>; numbers without a country code belong to <paramref name="defaultCountryCode"/>.</summary>
    public static bool TryParse(string? input, string defaultCountryCode, out PhoneNumber number)
    {
        number = null!;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 64) return false;

        var digits = new StringBuilder(input.Length);
        var international = false;
        foreach (var raw in input)
        {
            var c = ToHalfWidth(raw);
            if (c is >= '0' and <= '9') digits.Append(c);
            else if (c == '+' && digits.Length == 0 && !international) international = true;
            else if (!IsSeparator(c)) return false;
        }

        var all = digits.ToString();
        if (!international && all.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            all = all[2..];
        }

        if (international) return TryInternational(all, out number);

        // A national number. Some clients send the country code without "+" ("8613800138000"):
        // accept that form when the number is not valid as written but is valid with the code removed.
        if (TryBuild(defaultCountryCode, all, out number)) return true;
        return all.StartsWith(defaultCountryCode, StringComparison.Ordinal)
            && TryBuild(defaultCountryCode, all[defaultCountryCode.Length..], out number);
    }

    /// <summary>Parses or throws InvalidPhoneNumber.</summary>
    public static PhoneNumber Parse(string? input, string defaultCountryCode) =>
        TryParse(input, defaultCountryCode, out var number)
            ? number
            : throw new Errors.PhoneAuthException(Errors.AuthError.InvalidPhoneNumber);

    /// <summary>
    /// Full-width forms from Chinese input methods ("１３８", "＋", "（", "－") are their ASCII
    /// characters shifted by 0xFEE0; the ideographic space is U+3000. Mapped by hand because
    /// Unicode normalisation is unavailable in invariant-globalisation mode.
    /// </summary>
    internal static char ToHalfWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or '.' or '(' or ')' or '/' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212';

    private static bool TryInternational(string digits, out PhoneNumber number)
    {
        number = null!;
        if (digits.Length < 2 || digits[0] == '0') return false;
        var ccLength = CountryCodeLength(digits);
        if (digits.Length <= ccLength) return false;
        return TryBuild(digits[..ccLength], digits[ccLength..], out number);
    }

    private static bool TryBuild(string countryCode, string national, out PhoneNumber number)
    {
        number = null!;
        // Drop a national trunk "0" written after the country code ("+44 0161...", "+86 0138..."),
        // except in Italy, where the leading 0 of fixed lines is part of the number.
        var keepsLeadingZero = countryCode == "39";
        if (national.StartsWith('0') && !keepsLeadingZero) national = national[1..];
        if (national.Length == 0 || (national[0] == '0' && !keepsLeadingZero)) return false;
        if (countryCode.Length + national.Length > 15) return false;

        var (min, max) = NationalLength(countryCode);
        if (national.Length < min || national.Length > max) return false;
        if (countryCode == "86" && !IsMainlandMobile(national)) return false;

        number = new PhoneNumber(countryCode, national);
        return true;
    }

    /// <summary>
    /// Mainland mobile prefixes: 13x, 145-149, 15x (not 154), 162/165-167, 170-178, 18x, 19x (not 194).
    /// </summary>
    internal static bool IsMainlandMobile(string national)
    {
        if (national.Length != 11 || national[0] != '1') return false;
        var second = national[1];
        var third = national[2];
        return second switch
        {
            '3' or '8' => true,
            '4' => third is >= '5' and <= '9',
            '5' => third != '4',
            '6' => third is '2' or '5' or '6' or '7',
            '7' => third is >= '0' and <= '8',
            '9' => third != '4',
            _ => false,
        };
    }

    // ITU-T E.164 assignments: "1" and "7" are one digit, these are two, every other code is three.
    private static readonly HashSet<string> TwoDigitCodes =
    [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66",
        "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];

    private static int CountryCodeLength(string digits)
    {
        if (digits[0] is '1' or '7') return 1;
        return TwoDigitCodes.Contains(digits[..2]) ? 2 : 3;
    }

    // National significant number lengths for the countries our users send to most.
    // Others get E.164's generic bounds.
    private static readonly Dictionary<string, (int Min, int Max)> Lengths = new()
    {
        ["1"] = (10, 10), ["7"] = (10, 10), ["20"] = (9, 10), ["27"] = (9, 9), ["30"] = (10, 10),
        ["31"] = (9, 9), ["32"] = (8, 9), ["33"] = (9, 9), ["34"] = (9, 9), ["36"] = (8, 9),
        ["39"] = (6, 11), ["40"] = (9, 9), ["41"] = (9, 9), ["44"] = (9, 10), ["45"] = (8, 8),
        ["46"] = (7, 10), ["47"] = (8, 8), ["48"] = (9, 9), ["49"] = (6, 13), ["52"] = (10, 10),
        ["55"] = (10, 11), ["60"] = (9, 10), ["61"] = (9, 9), ["62"] = (9, 12), ["63"] = (10, 10),
        ["64"] = (8, 10), ["65"] = (8, 8), ["66"] = (8, 9), ["81"] = (9, 10), ["82"] = (8, 10),
        ["84"] = (9, 10), ["86"] = (11, 11), ["90"] = (10, 10), ["91"] = (10, 10), ["92"] = (10, 10),
        ["852"] = (8, 8), ["853"] = (8, 8), ["886"] = (9, 9), ["966"] = (9, 9), ["971"] = (8, 9),
    };

    private static (int Min, int Max) NationalLength(string countryCode) =>
        Lengths.TryGetValue(countryCode, out var range) ? range : (4, 14);
}
