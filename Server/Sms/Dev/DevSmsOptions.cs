namespace PhoneAuth.Server.Sms.Dev;

/// <summary>The <c>Sms:Dev</c> section.</summary>
public sealed class DevSmsOptions
{
    public const string Section = "Sms:Dev";

    /// <summary>A file to which each message is appended as one JSON line. Empty: no file.</summary>
    public string? OutboxPath { get; set; }
}
