using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// What a dialect calls the core's phone fields: Parse's <c>phone</c>, LeanCloud's <c>mobilePhoneNumber</c>.
/// Each dialect registers its own (as a service); one user is one user in every dialect, so every
/// dialect's names are reserved in all of them: none may be a custom field, which would show another number.
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
