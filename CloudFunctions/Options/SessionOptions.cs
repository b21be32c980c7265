namespace PhoneAuth.CloudFunctions.Options;

/// <summary>The <c>Sessions</c> section.</summary>
public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>How long a session token is valid. Defaults to 365 days (Parse Server's sessionLength).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(365);
}
