using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PhoneAuth.Sdk;

namespace PhoneAuth.Tests.Sdk;

/// <summary>
/// Retries as the Parse SDKs retry: after a 5xx or a connection failure, bounded, never after a 4xx;
/// every attempt of one call carries the same X-Parse-Request-Id. Against a small server that answers
/// as told, because a real server's 5xx cannot be summoned on demand.
/// </summary>
public sealed class RetryTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<string?> _requestIds = new();
    private readonly ConcurrentQueue<int> _script = new();
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/parse/functions/{name}", (HttpContext http) =>
        {
            _requestIds.Enqueue(http.Request.Headers["X-Parse-Request-Id"].ToString());
            var status = _script.TryDequeue(out var next) ? next : 200;
            return status == 200
                ? Results.Json(new { result = "ok" })
                : Results.Json(new { code = status >= 500 ? 1 : 141, error = $"scripted {status}" }, statusCode: status);
        });
        await _app.StartAsync();
        _url = new Uri(_app.Urls.Single() + "/parse");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private PhoneAuthClient Client(Uri? url = null) => new(new HttpClient(), new PhoneAuthClientOptions
    {
        ServerUrl = url ?? _url, ApplicationId = "app", RetryDelay = TimeSpan.FromMilliseconds(5),
    });

    [Fact]
    public async Task A5xxIsRetriedWithTheSameRequestId()
    {
        _script.Enqueue(503);
        _script.Enqueue(500);
        Assert.Equal("ok", await Client().RunAsync<string>("f"));
        Assert.Equal(3, _requestIds.Count);
        Assert.Single(_requestIds.Distinct());
        Assert.False(string.IsNullOrEmpty(_requestIds.First()));
    }

    [Fact]
    public async Task A4xxIsNeverRetried()
    {
        _script.Enqueue(400);
        var error = await Assert.ThrowsAsync<ParseException>(() => Client().RunAsync<string>("f"));
        Assert.Equal((141, 400, "scripted 400"), (error.Code, error.HttpStatus, error.Message));
        Assert.Single(_requestIds);
    }

    [Fact]
    public async Task RetriesAreBoundedThenTheLastAnswerIsTheError()
    {
        for (var i = 0; i < 10; i++) _script.Enqueue(503);
        var error = await Assert.ThrowsAsync<ParseException>(() => Client().RunAsync<string>("f"));
        Assert.Equal((1, 503), (error.Code, error.HttpStatus));
        Assert.Equal(5, _requestIds.Count);
    }

    [Fact]
    public async Task AConnectionFailureIsRetriedThenReportedAsCode100()
    {
        int closed;
        using (var listener = new TcpListener(IPAddress.Loopback, 0)) { listener.Start(); closed = ((IPEndPoint)listener.LocalEndpoint).Port; }
        var error = await Assert.ThrowsAsync<ParseException>(() => Client(new Uri($"http://127.0.0.1:{closed}/parse")).RunAsync<string>("f"));
        Assert.Equal(ParseErrorCodes.ConnectionFailed, error.Code);
        Assert.Null(error.HttpStatus);
        Assert.StartsWith("Unable to connect to the Parse API", error.Message);
    }
}
