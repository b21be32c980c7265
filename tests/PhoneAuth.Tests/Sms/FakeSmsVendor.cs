using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PhoneAuth.Tests.Sms;

/// <summary>
/// A provider's API on 127.0.0.1, port 0, for tests. Subclasses implement the vendor's documented
/// contract: they check the request and its signature with the vendor's own algorithm (written here,
/// independently of the server's code, and checked against the vendor's test vector) and answer
/// with the vendor's JSON. Scenarios are chosen by the last four digits of the number:
/// 0601 rate-limited, 0127 invalid number, 0500 provider failure, 0999 no answer in time.
/// </summary>
public abstract class FakeSmsVendor : IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Each accepted or refused request, as the vendor saw it.</summary>
    public ConcurrentQueue<VendorRequest> Requests { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How long the "0999" scenario waits before answering.</summary>
    public TimeSpan Hang { get; set; } = TimeSpan.FromSeconds(5);

    protected abstract void Map(WebApplication app);

    public async Task<T> StartAsync<T>() where T : FakeSmsVendor
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        Map(_app);
        await _app.StartAsync();
        Endpoint = new Uri(_app.Urls.Single() + "/");
        return (T)this;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>A scenario for every number ("0500", "0999"...), whatever its digits; null for none.</summary>
    public string? Forced { get; set; }

    /// <summary>The scenario for a number: the forced one, else its last four digits.</summary>
    protected string Scenario(string? phone) => Forced ?? (phone is { Length: >= 4 } ? phone[^4..] : "");

    protected async Task<bool> HangIfAskedAsync(string? phone, CancellationToken aborted)
    {
        if (Scenario(phone) != "0999") return false;
        try { await Task.Delay(Hang, aborted); } catch (OperationCanceledException) { }
        return true;
    }

    /// <summary>The requests that reached this vendor for <paramref name="phone"/>.</summary>
    public IReadOnlyList<VendorRequest> To(string phone) => [.. Requests.Where(r => r.Phone == phone)];
}

/// <param name="Phone">The number as the vendor received it, in E.164.</param>
/// <param name="Code">The code the message carried (or the vendor made).</param>
/// <param name="Fields">What else the request said, for assertions.</param>
/// <param name="SignatureValid">Whether the vendor's signature check passed.</param>
public sealed record VendorRequest(string? Phone, string? Code, IReadOnlyDictionary<string, string> Fields, bool SignatureValid);

internal static class HttpRequestExtensions
{
    public static async Task<byte[]> BodyBytesAsync(this HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
