using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>The configured test numbers, parsed once: canonical number to fixed code.</summary>
public sealed class TestNumbers
{
    private readonly Dictionary<string, TestNumberOptions> _byPhone = new(StringComparer.Ordinal);

    public TestNumbers(PhoneAuthOptions options)
    {
        foreach (var entry in options.TestNumbers)
        {
            if (!PhoneNumber.TryParse(entry.Phone, options.DefaultCountryCode, out var phone))
                throw new ArgumentException($"PhoneAuth:TestNumbers: '{entry.Phone}' is not a valid phone number.");
            if (entry.Code.Length != options.CodeLength || !entry.Code.All(char.IsAsciiDigit))
                throw new ArgumentException($"PhoneAuth:TestNumbers: the code of {PhoneAuth.CloudFunctions.Abstractions.PhoneMask.Mask(phone.E164)} must be {options.CodeLength} digits.");
            _byPhone[phone.E164] = entry;
        }
    }

    /// <summary>The fixed code for <paramref name="phone"/> when it is a test number valid at <paramref name="now"/>.</summary>
    public string? FixedCodeFor(PhoneNumber phone, DateTimeOffset now) =>
        _byPhone.TryGetValue(phone.E164, out var entry) && (entry.ValidUntil is null || now < entry.ValidUntil)
            ? entry.Code
            : null;
}
