using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.Server.Sms.Twilio;

/// <summary>The <c>Sms:Twilio</c> section: Programmable Messaging (Messages.json).</summary>
public sealed class TwilioSmsOptions : SmsProviderOptions
{
    public const string Section = "Sms:Twilio";

    public TwilioSmsOptions() => Endpoint = new Uri("https://api.twilio.com/");

    [Required] public string AccountSid { get; set; } = "";
    [Required] public string AuthToken { get; set; } = "";

    /// <summary>The sending number (E.164) or alphanumeric sender; or set <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    /// <summary>A Messaging Service that picks the sender; used instead of <see cref="From"/>.</summary>
    public string? MessagingServiceSid { get; set; }
}
