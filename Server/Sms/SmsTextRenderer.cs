using System.Globalization;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.Server.Sms;

/// <summary>The text of a code message for free-text providers: a configured text for its locale and purpose, else the built-in one.</summary>
public sealed class SmsTextRenderer(IOptions<SmsOptions> options)
{
    public string Render(SmsMessage message)
    {
        if (options.Value.Texts.GetValueOrDefault(message.Locale)?.GetValueOrDefault(message.Purpose) is not { } template)
            return SmsTexts.Render(message.Purpose, message.Locale, message.Code, message.Lifetime);
        var minutes = Math.Max(1, (int)Math.Ceiling(message.Lifetime.TotalMinutes)).ToString(CultureInfo.InvariantCulture);
        return template.Replace("{code}", message.Code, StringComparison.Ordinal).Replace("{minutes}", minutes, StringComparison.Ordinal);
    }
}
