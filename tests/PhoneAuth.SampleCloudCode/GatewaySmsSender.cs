using System.Collections.Concurrent;
using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.SampleCloudCode;

/// <summary>
/// An application's own SMS gateway, chosen with <c>Sms:Provider = acme-gateway</c>. A real one would
/// call the company's gateway; this one keeps the last message per number, which
/// <see cref="GatewayModule"/> reads back for tests.
/// </summary>
public sealed class GatewaySmsSender : ISmsSender
{
    private readonly ConcurrentDictionary<string, SmsMessage> _last = new();

    public string Name => "acme-gateway";

    public Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        _last[message.To] = message;
        return Task.FromResult(new SmsDelivery("acme-" + Guid.NewGuid().ToString("N")));
    }

    public SmsMessage? LastTo(string phone) => _last.GetValueOrDefault(phone);
}
