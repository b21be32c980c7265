namespace PhoneAuth.CloudFunctions.Abstractions;

/// <summary>
/// The configured providers, chosen once at start-up: the first sends, the rest are the ordered
/// failover list; verifiers check the codes of providers that own their codes.
/// </summary>
public sealed class SmsProviders(IReadOnlyList<ISmsSender> chain, IEnumerable<ISmsCodeVerifier> verifiers)
{
    public IReadOnlyList<ISmsSender> Chain { get; } = chain.Count > 0 ? chain : throw new ArgumentException("At least one SMS provider is needed.", nameof(chain));

    private readonly Dictionary<string, ISmsCodeVerifier> _verifiers = verifiers.ToDictionary(v => v.Name, StringComparer.Ordinal);

    public ISmsCodeVerifier Verifier(string name) =>
        _verifiers.TryGetValue(name, out var verifier) ? verifier : throw new InvalidOperationException($"No SMS code verifier named {name}.");
}
