using System.ComponentModel.DataAnnotations;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>
/// The <c>Limits</c> section: defences against code guessing and SMS pumping, beyond the per-phone
/// resend interval and daily cap in <see cref="PhoneAuthOptions"/>. Every count is kept in the
/// database, so it holds across server processes. Tune them to your traffic.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Codes one client IP may request per hour. Defaults to 30.</summary>
    [Range(1, int.MaxValue)] public int SendsPerIpPerHour { get; set; } = 30;

    /// <summary>Codes sent to one country calling code per hour. Defaults to 1000.</summary>
    [Range(1, int.MaxValue)] public int SendsPerCountryPerHour { get; set; } = 1000;

    /// <summary>Codes sent per hour in all, the budget that stops a pumping wave. Defaults to 3000.</summary>
    [Range(1, int.MaxValue)] public int GlobalSendsPerHour { get; set; } = 3000;

    /// <summary>
    /// Country calling codes codes may be sent to. Empty (the default) means mainland China only ("86");
    /// "*" allows every country. Other numbers are refused with 127 before anything is sent.
    /// </summary>
    public List<string> AllowedCountryCodes { get; set; } = [];

    /// <summary>
    /// The types of number codes may be sent to, by libphonenumber's metadata: Mobile, FixedLineOrMobile,
    /// FixedLine, TollFree, PremiumRate, SharedCost, Voip, PersonalNumber, Pager, Uan, Voicemail, Unknown.
    /// Empty (the default) means Mobile and FixedLineOrMobile (plans that do not tell the two apart, as the
    /// US and Canada's). Other numbers are refused with 127 before anything is counted or sent: premium-rate,
    /// shared-cost and VoIP ranges in an allowed country are where SMS pumping pays. Test numbers are exempt.
    /// </summary>
    public List<PhoneNumberType> AllowedNumberTypes { get; set; } = [];

    /// <summary>
    /// Wrong codes for one phone from one requester (a client address), within <see cref="VerifyFailureWindow"/>,
    /// that lock that requester's code checks and sends for the phone. Only a guess compared with a live
    /// code counts, and other requesters are not locked: a stranger cannot lock the owner out. Defaults to 10.
    /// </summary>
    [Range(1, int.MaxValue)] public int VerifyFailuresPerPhone { get; set; } = 10;

    /// <summary>The window of <see cref="VerifyFailuresPerPhone"/>. Defaults to 15 minutes.</summary>
    public TimeSpan VerifyFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a requester's code checks and sends for a phone stay locked. Defaults to 30 minutes.</summary>
    public TimeSpan PhoneLockDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Wrong codes from one client IP per hour; more are refused. Defaults to 100.</summary>
    [Range(1, int.MaxValue)] public int VerifyFailuresPerIpPerHour { get; set; } = 100;

    /// <summary>
    /// Whether requesting a code needs a valid challenge token (a captcha's validate_token), checked by
    /// the registered <see cref="Abstractions.IChallengeVerifier"/>. Defaults to false.
    /// </summary>
    public bool RequireChallenge { get; set; }

    /// <summary>The SMS-pumping guard that learns from conversion (<c>Limits:ConversionGuard</c>).</summary>
    public ConversionGuardOptions ConversionGuard { get; set; } = new();

    /// <summary>Whether <paramref name="countryCode"/> may receive codes.</summary>
    public bool Allows(string countryCode) =>
        AllowedCountryCodes.Count == 0 ? countryCode == "86" : AllowedCountryCodes.Contains("*") || AllowedCountryCodes.Contains(countryCode);

    /// <summary>Whether numbers of <paramref name="type"/> may receive codes.</summary>
    public bool Allows(PhoneNumberType type) =>
        AllowedNumberTypes.Count == 0 ? type is PhoneNumberType.Mobile or PhoneNumberType.FixedLineOrMobile : AllowedNumberTypes.Contains(type);
}
