using PhoneAuth.CloudFunctions.Phone;

namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Sends one code by SMS through one provider. Implementations throw <see cref="SmsSendException"/> on failure.</summary>
public interface ISmsSender
{
    /// <summary>The provider's name, as configured: "dev", "aliyun", "tencent", "twilio", "leancloud".</summary>
    string Name { get; }

    Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// A provider that generates and checks codes itself (LeanCloud): codes it sent are checked by it,
/// not against the local hash. Optional: most providers only deliver text.
/// </summary>
public interface ISmsCodeVerifier
{
    string Name { get; }

    /// <summary>True when the provider accepts <paramref name="code"/> for <paramref name="phone"/>.</summary>
    Task<bool> VerifyAsync(string phone, string code, CancellationToken cancellationToken);
}

/// <param name="MessageId">The provider's id for the message, for the send log; null when the provider gives none.</param>
/// <param name="ProviderOwnsCode">True when the provider made the code itself and will check it (then the local code was not sent).</param>
public sealed record SmsDelivery(string? MessageId, bool ProviderOwnsCode = false);

/// <summary>A verification code to deliver.</summary>
/// <param name="Phone">The number, parsed: a sender writes it in its vendor's form from its parts (country code, national number).</param>
/// <param name="Code">The code itself. Never log it.</param>
/// <param name="Purpose">What the code is for (login, register, bind...).</param>
/// <param name="Locale">The language of the text: "zh" or "en".</param>
/// <param name="Lifetime">How long the code is valid, for the text.</param>
public sealed record SmsMessage(PhoneNumber Phone, string Code, string Purpose, string Locale, TimeSpan Lifetime)
{
    /// <summary>The number in E.164, "+8613800138000": the form of the send log, the dev outbox and most vendors.</summary>
    public string To => Phone.E164;

    /// <summary>Keeps the code out of logs and exception messages.</summary>
    public override string ToString() => $"SmsMessage {{ To = {PhoneMask.Mask(To)}, Purpose = {Purpose}, Locale = {Locale} }}";
}

/// <summary>A provider failed to send. <see cref="ProviderCode"/> goes to the log, never to the client.</summary>
public sealed class SmsSendException(SmsFailureKind kind, string provider, string? providerCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public SmsFailureKind Kind { get; } = kind;
    public string Provider { get; } = provider;
    public string? ProviderCode { get; } = providerCode;
}

/// <summary>What kind of failure a provider reported, which decides the client's error and whether to fail over.</summary>
public enum SmsFailureKind
{
    /// <summary>Anything else: balance, template, signature, a 5xx, a timeout. The next provider is tried.</summary>
    Failed,
    /// <summary>The provider's own rate control: answered 601, no failover.</summary>
    RateLimited,
    /// <summary>The provider says the number is invalid: answered 127, no failover.</summary>
    InvalidNumber,
}
