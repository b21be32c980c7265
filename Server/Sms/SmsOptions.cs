namespace PhoneAuth.Server.Sms;

/// <summary>The <c>Sms</c> section: which providers send codes, and the texts of free-text providers.</summary>
public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>The names every provider may be configured by.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string> { "dev", "leancloud", "aliyun", "tencent", "twilio" };

    /// <summary>The provider that sends first: dev (the default), leancloud, aliyun, tencent or twilio.</summary>
    public string Provider { get; set; } = "dev";

    /// <summary>Providers to try, in order, when the previous one failed or timed out. Defaults to none.</summary>
    public List<string> Failover { get; set; } = [];

    /// <summary>
    /// Texts for providers that send free text (dev, twilio), by locale ("zh", "en") then purpose, with
    /// {code} and {minutes} placeholders. Missing entries use the built-in texts.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> Texts { get; set; } = [];

    /// <summary>Every provider in the order they are tried.</summary>
    public IReadOnlyList<string> Chain => [Provider, .. Failover];
}
