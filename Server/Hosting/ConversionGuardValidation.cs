using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Hosting;

/// <summary>Checks <c>Limits:ConversionGuard</c> at start-up; a bad value stops the server with a message naming its key.</summary>
internal sealed class ConversionGuardValidation : IValidateOptions<LimitsOptions>
{
    private const string Key = "Limits:ConversionGuard:";

    /// <summary>The most baseline windows a prefix's judgement reads.</summary>
    private const int MaxBaselineWindows = 168;

    public ValidateOptionsResult Validate(string? name, LimitsOptions options)
    {
        var guard = options.ConversionGuard;
        var failure =
            !Enum.IsDefined(guard.Action) ? Key + "Action must be Challenge, Refuse or Off."
            : guard.Window < TimeSpan.FromSeconds(60) ? Key + "Window must be at least a minute."
            // Whole windows: the baseline is read as whole windows of counts, and its average divides by their number.
            : guard.Baseline < guard.Window || guard.Baseline / guard.Window > MaxBaselineWindows || guard.Baseline.Ticks % guard.Window.Ticks != 0
                ? $"{Key}Baseline must be a whole number of windows ({Key}Window), from one to {MaxBaselineWindows}."
            : guard.PrefixDigits is < 0 or > 15 ? Key + "PrefixDigits must be between 0 and 15."
            : guard.MinSends < 1 ? Key + "MinSends must be at least 1."
            : guard.VolumeFactor is < 1 or > 1000 ? Key + "VolumeFactor must be between 1 and 1000."
            : guard.MinConversion is < 0 or > 1 ? Key + "MinConversion must be between 0 and 1."
            : guard.CountryPrefixDigits.FirstOrDefault(c => !PhoneNumber.IsCountryCode(c.Key) || c.Value is < 0 or > 15) is { Key: not null } bad
                ? $"{Key}CountryPrefixDigits:{bad.Key} must name a country calling code and hold 0 to 15 digits."
            : null;
        return failure is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failure);
    }
}
