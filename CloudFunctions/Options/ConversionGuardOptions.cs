using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>
/// The <c>Limits:ConversionGuard</c> section: the SMS-pumping guard that learns from conversion. For each
/// number prefix (a country calling code and the first digits of the national number) it counts, in the
/// database, the codes sent and how many of them were verified. A prefix whose volume in the last
/// <see cref="Window"/> is well above its usual level while few of its codes are verified is guarded:
/// its sends need a solved challenge, or are refused (see <see cref="Action"/>), until its conversion
/// recovers or an operator clears it. The rule is in <see cref="Phone.ConversionRule"/>.
/// </summary>
public sealed class ConversionGuardOptions
{
    /// <summary>
    /// What a guarded prefix's sends get: <c>Challenge</c> (a solved challenge, 608 without one; with no
    /// registered challenge verifier this refuses, as the daily cap does), <c>Refuse</c> (601), or <c>Off</c>
    /// (nothing is counted). Defaults to Challenge.
    /// </summary>
    public ConversionGuardAction Action { get; set; } = ConversionGuardAction.Challenge;

    /// <summary>Digits of the national number that make a prefix, after the country code. Defaults to 4 (+86 1700…).</summary>
    [Range(0, 15)] public int PrefixDigits { get; set; } = 4;

    /// <summary>
    /// <see cref="PrefixDigits"/> for particular countries, by calling code ("1": 3 for NANP area codes).
    /// 0 makes the whole country one prefix: a country the app has no users in. Defaults to none.
    /// </summary>
    public Dictionary<string, int> CountryPrefixDigits { get; set; } = [];

    /// <summary>The sliding window over which volume and conversion are judged. Defaults to 1 hour.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The period before the window whose average volume per window is a prefix's usual level. At most 168
    /// windows. Defaults to 7 days.
    /// </summary>
    public TimeSpan Baseline { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Codes a prefix must have been sent within the window before it can be guarded. Defaults to 50.</summary>
    [Range(1, int.MaxValue)] public int MinSends { get; set; } = 50;

    /// <summary>How many times its usual level a prefix's volume in the window must exceed to be guarded. Defaults to 5.</summary>
    [Range(1.0, 1000.0)] public double VolumeFactor { get; set; } = 5;

    /// <summary>The share of the window's codes that must be verified; below it, a busy prefix is guarded. Defaults to 0.3.</summary>
    [Range(0.0, 1.0)] public double MinConversion { get; set; } = 0.3;

    /// <summary>The prefix length for numbers of <paramref name="countryCode"/>.</summary>
    public int PrefixDigitsFor(string countryCode) => CountryPrefixDigits.TryGetValue(countryCode, out var digits) ? digits : PrefixDigits;
}

/// <summary>What the conversion guard does to the sends of a guarded prefix.</summary>
public enum ConversionGuardAction
{
    /// <summary>A solved challenge lets a send through (608 without one); with no challenge verifier registered, the send is refused.</summary>
    Challenge,
    /// <summary>Sends are refused (601).</summary>
    Refuse,
    /// <summary>No guard: nothing is counted or checked.</summary>
    Off,
}
