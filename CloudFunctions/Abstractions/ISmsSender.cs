namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>Sends one text message. Implementations throw <see cref="SmsSendException"/> on failure.</summary>
public interface ISmsSender
{
    /// <summary>Sends the message and returns the provider's message id.</summary>
    Task<string> SendAsync(SmsMessage message, CancellationToken cancellationToken);
}

/// <summary>A verification code to deliver.</summary>
/// <param name="To">The canonical E.164 number.</param>
/// <param name="Code">The code itself. Never log it.</param>
/// <param name="Purpose">What the code is for (login, register, bind...).</param>
/// <param name="Locale">The language of the text: "zh" or "en".</param>
/// <param name="Lifetime">How long the code is valid, for the text.</param>
public sealed record SmsMessage(string To, string Code, string Purpose, string Locale, TimeSpan Lifetime)
{
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

/// <summary>What kind of failure a provider reported, which decides the client's error.</summary>
public enum SmsFailureKind
{
    /// <summary>Anything else: balance, template, signature, a 5xx, a timeout.</summary>
    Failed,
    /// <summary>The provider's own rate control.</summary>
    RateLimited,
    /// <summary>The provider says the number is invalid.</summary>
    InvalidNumber,
}
