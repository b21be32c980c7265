using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>Reads a client-supplied number into a <see cref="PhoneNumber"/>, in the configured default country.</summary>
public sealed class PhoneParser(IOptions<PhoneAuthOptions> options)
{
    /// <summary>The number, or InvalidPhoneNumber (127).</summary>
    public PhoneNumber Parse(string? input) => PhoneNumber.Parse(input, options.Value.DefaultCountryCode);
}
