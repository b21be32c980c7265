namespace PhoneAuth.Server.Sms;

/// <summary>The <c>Sms</c> section: which provider sends codes.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>"dev" (the default), later also the real providers.</summary>
    public string Provider { get; set; } = "dev";
}
