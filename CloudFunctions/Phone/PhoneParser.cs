using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// Reads numbers into <see cref="PhoneNumber"/>s: a client's, in the configured default country, and
/// the server's own stored E.164 numbers. Every core use goes through here.
/// </summary>
public sealed class PhoneParser(IOptions<PhoneAuthOptions> options)
{
    /// <summary>The number, or InvalidPhoneNumber (127).</summary>
    public PhoneNumber Parse(string? input) => PhoneNumber.Parse(input, options.Value.DefaultCountryCode);

    /// <summary>
    /// Whether <paramref name="input"/> is a valid number in any form. Not named TryParse: minimal APIs
    /// would take a class with one for a value bound from the route, not a service.
    /// </summary>
    public bool TryRead(string? input, out PhoneNumber number) => PhoneNumber.TryParse(input, options.Value.DefaultCountryCode, out number);

    /// <summary>A number the server stored, never refused (see <see cref="PhoneNumber.FromStored"/>).</summary>
    public PhoneNumber Stored(string e164) => PhoneNumber.FromStored(e164);
}
