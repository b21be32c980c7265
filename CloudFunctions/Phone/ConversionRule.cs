using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Phone;

/// <summary>
/// The conversion guard's rule, a pure function of a prefix's counts. A prefix is guarded when, within
/// the window, it was sent at least <see cref="ConversionGuardOptions.MinSends"/> codes, more than
/// <see cref="ConversionGuardOptions.VolumeFactor"/> times its usual level (its average per window over
/// the baseline before the window), and fewer than <see cref="ConversionGuardOptions.MinConversion"/> of
/// them were verified. A code counts as sent at once and as verified when it is used within its lifetime,
/// so a burst of honest codes dips the share until their users type them in: the volume condition keeps a
/// prefix with steadily low conversion (poor delivery) unguarded, and the guard lets go as soon as the
/// share is back, or the window has slid past the wave.
/// </summary>
public static class ConversionRule
{
    public static ConversionVerdict Judge(ConversionCounts counts, ConversionGuardOptions options, ConversionWindows windows)
    {
        var usual = counts.BaselineSent / windows.BaselineWindows;
        var conversion = counts.Sent == 0 ? 1.0 : Math.Min(1.0, (double)counts.Verified / counts.Sent);
        var guarded = counts.Sent >= options.MinSends && counts.Sent > options.VolumeFactor * usual && conversion < options.MinConversion;
        return new ConversionVerdict(counts.Scope, guarded, counts.Sent, counts.Verified, conversion, usual);
    }
}

/// <summary>A prefix judged: whether it is guarded, and the figures that decided it.</summary>
/// <param name="Scope">The prefix, as <c>+86 1700</c>.</param>
/// <param name="Guarded">True when its sends need a challenge or are refused.</param>
/// <param name="Sent">Codes sent in the window.</param>
/// <param name="Verified">Of those, the ones verified.</param>
/// <param name="Conversion">Verified / sent (1 with nothing sent).</param>
/// <param name="Usual">The usual number of codes per window, from the baseline.</param>
public sealed record ConversionVerdict(string Scope, bool Guarded, long Sent, long Verified, double Conversion, double Usual);
