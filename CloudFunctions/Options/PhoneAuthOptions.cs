using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>The <c>PhoneAuth</c> section: codes, their limits and who may register.</summary>
public sealed class PhoneAuthOptions
{
    public const string Section = "PhoneAuth";

    /// <summary>Digits in a code. Defaults to 6 (about 20 bits, NIST 800-63B's minimum).</summary>
    [Range(4, 10)]
    public int CodeLength { get; set; } = 6;

    /// <summary>How long a code is valid. Defaults to 5 minutes.</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Minimum time between two codes one requester has sent to one phone. Defaults to 60 seconds.</summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wrong attempts after which a code is dead. Defaults to 5.</summary>
    [Range(1, 100)]
    public int MaxVerifyAttempts { get; set; } = 5;

    /// <summary>
    /// Of <see cref="MaxVerifyAttempts"/>, how many may come from addresses other than the one that asked
    /// for the code; the rest are kept for the asker, so that a stranger's guesses cannot kill the owner's
    /// code. Defaults to 2.
    /// </summary>
    [Range(0, 100)]
    public int MaxForeignVerifyAttempts { get; set; } = 2;

    /// <summary>
    /// Codes one phone may receive in any rolling 24 hours, whoever asks. Past it a code needs a solved
    /// challenge (when an <see cref="Abstractions.IChallengeVerifier"/> is registered) or is refused, so
    /// SMS bombing ends here while the owner can still get in. Defaults to 10.
    /// </summary>
    [Range(1, 1000)]
    public int DailyLimitPerNumber { get; set; } = 10;

    /// <summary>
    /// Codes one requester (a client address; an IPv6 /64) may have sent to one phone in any rolling 24
    /// hours. Keep it below <see cref="DailyLimitPerNumber"/>, so that one address cannot use up a
    /// number's codes. Defaults to 5.
    /// </summary>
    [Range(1, 1000)]
    public int DailyLimitPerRequester { get; set; } = 5;

    /// <summary>How long a verifyMyPhone ticket stays valid for changeMobilePhone. Defaults to 5 minutes.</summary>
    public TimeSpan TicketLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Moving an account away from its verified number needs a verifyMyPhone ticket, or a session whose
    /// login (by code, password or authData) is at most this old: a token stolen later cannot take the
    /// account for good. Defaults to 10 minutes.
    /// </summary>
    public TimeSpan RecentLoginWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether the phone functions may create users. Defaults to true.</summary>
    public bool AllowRegister { get; set; } = true;

    /// <summary>Country calling code assumed for numbers written without one. Defaults to "86".</summary>
    [RegularExpression("^[1-9][0-9]{0,2}$")]
    public string DefaultCountryCode { get; set; } = "86";

    /// <summary>
    /// Secret key for the HMAC under which codes are stored. Required outside Development.
    /// Changing it invalidates codes in flight, nothing else.
    /// </summary>
    public string CodeSecret { get; set; } = "";

    /// <summary>Numbers with a fixed code and no SMS, for app-store review and end-to-end tests.</summary>
    public List<TestNumberOptions> TestNumbers { get; set; } = [];
}

/// <summary>A test number: no SMS is sent, the code is fixed, all limits still apply.</summary>
public sealed class TestNumberOptions
{
    /// <summary>The phone number, in any form the server accepts.</summary>
    public string Phone { get; set; } = "";

    /// <summary>The fixed code.</summary>
    public string Code { get; set; } = "";

    /// <summary>After this instant the entry is ignored. Empty means no end.</summary>
    public DateTimeOffset? ValidUntil { get; set; }
}
