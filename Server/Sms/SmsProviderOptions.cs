using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.Server.Sms;

/// <summary>What every real provider's section has: where to send, how long to wait, and templates per purpose.</summary>
public abstract class SmsProviderOptions
{
    /// <summary>The provider's API base address; tests point it at a local fake.</summary>
    [Required]
    public Uri? Endpoint { get; set; }

    /// <summary>How long one call may take. Defaults to 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The provider's template per purpose ("login", "bind"...); a missing purpose uses the default template.</summary>
    public Dictionary<string, string> Templates { get; set; } = [];

    /// <summary>Templates per locale ("zh", "en"), then purpose, for numbers whose users read another language.</summary>
    public Dictionary<string, Dictionary<string, string>> LocalizedTemplates { get; set; } = [];

    /// <summary>The template for <paramref name="purpose"/> in <paramref name="locale"/>: localized, then per purpose, then <paramref name="fallback"/>.</summary>
    public string? TemplateFor(string purpose, string locale, string? fallback) =>
        LocalizedTemplates.GetValueOrDefault(locale)?.GetValueOrDefault(purpose) ?? Templates.GetValueOrDefault(purpose) ?? fallback;
}
