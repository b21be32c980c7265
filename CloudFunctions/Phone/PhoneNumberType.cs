namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// What kind of line a number is, by libphonenumber's metadata for its numbering plan (the values of
/// its <c>PhoneNumberType</c>). Which types may receive a code is <see cref="Options.LimitsOptions.AllowedNumberTypes"/>.
/// </summary>
public enum PhoneNumberType
{
    /// <summary>A stored number the current metadata does not recognise (numbers read from clients are always typed).</summary>
    Unknown,
    FixedLine,
    Mobile,
    /// <summary>Plans that do not tell fixed lines from mobiles apart, as the US and Canada's.</summary>
    FixedLineOrMobile,
    TollFree,
    PremiumRate,
    /// <summary>The cost of the call is split between caller and recipient (China's 400, the UK's 084x).</summary>
    SharedCost,
    Voip,
    /// <summary>A number that follows a person to whatever line they choose (the UK's 070).</summary>
    PersonalNumber,
    Pager,
    /// <summary>Universal access numbers, a company's single number (the UK's 055).</summary>
    Uan,
    Voicemail,
}
