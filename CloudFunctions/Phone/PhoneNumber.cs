using System.Text;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// A phone number in canonical E.164 form (<c>+8613800138000</c>) with its type, parsed once at the
/// edge of the core. <c>+86 138 0013 8000</c>, <c>008613800138000</c>, <c>8613800138000</c>,
/// <c>13800138000</c> and full-width <c>１３８００１３８０００</c> are the same number. Whether a number
/// exists in its plan, its national significant number and its type come from libphonenumber (Google's
/// metadata for every numbering plan). What may be written is ours, and stricter than libphonenumber:
/// digits, one leading "+" (or "00") and the separators numbers are written with; no letters
/// ("1-800-FLOWERS"), no extension ("ext 12", ";ext=12"), no "++".
/// </summary>
public sealed record PhoneNumber
{
    private PhoneNumber(string countryCode, string national, PhoneNumberType type)
    {
        CountryCode = countryCode;
        National = national;
        Type = type;
        E164 = "+" + countryCode + national;
    }

    /// <summary>The country calling code without "+", e.g. "86".</summary>
    public string CountryCode { get; }

    /// <summary>The national significant number, without trunk prefix: "13800138000"; Italy's fixed lines keep their 0 ("0612345678").</summary>
    public string National { get; }

    /// <summary>The canonical form, e.g. "+8613800138000".</summary>
    public string E164 { get; }

    /// <summary>Mobile, fixed line, toll-free, premium-rate…, by the plan's metadata.</summary>
    public PhoneNumberType Type { get; }

    public override string ToString() => E164;

    /// <summary>
    /// Parses <paramref name="input"/>; numbers without a country code belong to <paramref name="defaultCountryCode"/>.
    /// Only a number valid in its plan is read, whatever its type: whether it may receive a code is decided later.
    /// </summary>
    public static bool TryParse(string? input, string defaultCountryCode, out PhoneNumber number)
    {
        number = null!;
        if (!TryNormalize(input, out var text)) return false;
        if (PhoneMetadata.RegionOf(defaultCountryCode) is not { } region) return false;
        if (!PhoneMetadata.TryRead(text, region, requireValid: true, out var parts)) return false;
        number = new PhoneNumber(parts.CountryCode, parts.National, parts.Type);
        return true;
    }

    /// <summary>Parses or throws InvalidPhoneNumber.</summary>
    public static PhoneNumber Parse(string? input, string defaultCountryCode) =>
        TryParse(input, defaultCountryCode, out var number)
            ? number
            : throw new Errors.PhoneAuthException(Errors.AuthError.InvalidPhoneNumber);

    /// <summary>
    /// A number the server stored (E.164), never refused: it passed the rules in force when it was
    /// written, or came from an import. One the current metadata no longer recognises keeps its digits
    /// and is typed <see cref="PhoneNumberType.Unknown"/>, so it receives no code unless that type is allowed.
    /// </summary>
    public static PhoneNumber FromStored(string e164)
    {
        if (PhoneMetadata.TryRead(e164, "ZZ", requireValid: false, out var parts))
        {
            var number = new PhoneNumber(parts.CountryCode, parts.National, parts.Type);
            if (number.E164 == e164) return number;
        }
        return new PhoneNumber("", e164.TrimStart('+'), PhoneNumberType.Unknown);
    }

    /// <summary>Whether <paramref name="countryCode"/> ("86") is a country calling code with national numbers, by libphonenumber's table.</summary>
    public static bool IsCountryCode(string countryCode) => PhoneMetadata.RegionOf(countryCode) is not null;

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

    /// <summary>
    /// The input as libphonenumber should read it: "+" and digits for an international number ("+" or
    /// "00" first), digits alone for a national one. False for anything but digits and separators.
    /// </summary>
    private static bool TryNormalize(string? input, out string text)
    {
        text = "";
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
        if (digits.Length == 0) return false;
        var all = digits.ToString();
        // "00" is the international prefix in most of the world, China's included; it is read so whatever the default country.
        if (!international && all.StartsWith("00", StringComparison.Ordinal))
        {
            international = true;
            all = all[2..];
        }
        text = international ? "+" + all : all;
        return true;
    }

    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || c is '-' or '.' or '(' or ')' or '/' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212';
}
