using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// What a dialect calls the core's phone fields: Parse's <c>phone</c>, LeanCloud's <c>mobilePhoneNumber</c>.
/// Each dialect registers its own (as a service). The names are the dialect's alone: in LeanCloud,
/// <c>phone</c> is an app's own field, as on LeanCloud itself; in Parse, <c>mobilePhoneNumber</c> is. A
/// dialect never shows a custom field under its own names, which always mean the verified number.
/// </summary>
public sealed record FieldNames(string Phone, string PhoneVerified)
{
    /// <summary>
    /// How the dialect writes a stored number: null (the default) for E.164 as stored; LeanCloud's
    /// shows a mainland number as its national digits. What clients send is read in any form either way.
    /// </summary>
    public Func<PhoneNumber, string>? PhoneForm { get; init; }

    /// <summary><paramref name="e164"/>, a stored number, in the dialect's form.</summary>
    public string ShowPhone(string e164) => PhoneForm is { } form ? form(PhoneNumber.FromStored(e164)) : e164;

    /// <summary>
    /// A username in the dialect's form: one that is an E.164 number (a phone sign-up's) like a phone,
    /// any other as it is.
    /// </summary>
    public string ShowUsername(string username) =>
        PhoneForm is not null && username.Length > 1 && username[0] == '+' && username.Skip(1).All(char.IsAsciiDigit)
            ? ShowPhone(username)
            : username;
}
