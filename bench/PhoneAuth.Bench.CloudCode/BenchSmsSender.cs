using System.Collections.Concurrent;
using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.Bench.CloudCode;

/// <summary>
/// <c>Sms:Provider = bench</c>: delivers each code into memory, where <see cref="BenchModule"/>'s
/// readSmsCode finds it. It stands where Parse Server's tutorial code keeps its code cache, so both
/// servers are measured without a real SMS round trip.
/// </summary>
public sealed class BenchSmsSender : ISmsSender
{
    private readonly ConcurrentDictionary<string, string> _codes = new();

    public string Name => "bench";

    public Task<SmsDelivery> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        _codes[message.To] = message.Code;
        return Task.FromResult(new SmsDelivery(null));
    }

    /// <summary>The last code sent to an E.164 number, or null.</summary>
    public string? CodeFor(string phone) => _codes.GetValueOrDefault(phone);
}
