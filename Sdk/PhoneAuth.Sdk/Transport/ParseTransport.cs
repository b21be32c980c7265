using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PhoneAuth.Sdk.Transport;

/// <summary>
/// One request to the Parse REST API with its headers, retried as the Parse SDKs retry: after a 5xx or
/// a connection failure, never after a 4xx. Retries reuse the request's X-Parse-Request-Id, so a
/// server with idempotency on does nothing twice.
/// </summary>
internal sealed class ParseTransport(Func<HttpClient> http, PhoneAuthClientOptions options)
{
    private static readonly ThreadLocal<Random> Jitter = new(() => new Random());
    private readonly Uri _base = new(options.ServerUrl.ToString().TrimEnd('/') + "/");

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, string? sessionToken, string installationId, CancellationToken cancellationToken)
    {
        var requestId = Guid.NewGuid().ToString();
        var payload = body is null ? null : JsonSerializer.Serialize(body, JsonDefaults.Options);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, new Uri(_base, path));
            request.Headers.Add("X-Parse-Application-Id", options.ApplicationId);
            request.Headers.Add("X-Parse-Installation-Id", installationId);
            if (options.ClientKey is { } clientKey) request.Headers.Add("X-Parse-Client-Key", clientKey);
            if (sessionToken is not null) request.Headers.Add("X-Parse-Session-Token", sessionToken);
            if (method == HttpMethod.Post || method == HttpMethod.Put) request.Headers.Add("X-Parse-Request-Id", requestId);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("PhoneAuth.Sdk", "0.1.0"));
            if (payload is not null) request.Content = new StringContent(payload, Encoding.UTF8, "application/json");

            HttpResponseMessage response;
            try
            {
                response = await http().SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                if (attempt >= options.MaxRetries)
                    throw new ParseException(ParseErrorCodes.ConnectionFailed, "Unable to connect to the Parse API: " + ex.Message, null, ex);
                await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status >= 500 && attempt < options.MaxRetries)
                {
                    await BackOffAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var json = Parse(text);
                if (response.IsSuccessStatusCode)
                    return json ?? throw new ParseException(ParseErrorCodes.InvalidJson, "The server answered without JSON.", status);
                throw Error(json, response.StatusCode);
            }
        }
    }

    private async Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        var ceiling = options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt);
        await Task.Delay(TimeSpan.FromMilliseconds(Jitter.Value!.NextDouble() * ceiling), cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement? Parse(string text)
    {
        if (text.Length == 0) return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>{"code":…,"error":"…"} (or "message"); a 403 {"error":"unauthorized"} has no code.</summary>
    private static ParseException Error(JsonElement? json, HttpStatusCode status)
    {
        var code = json is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : ParseErrorCodes.OtherCause;
        var message = json is { ValueKind: JsonValueKind.Object } error
            ? (error.TryGetProperty("error", out var e) ? e.GetString() : error.TryGetProperty("message", out var m) ? m.GetString() : null)
            : null;
        return new ParseException(code, message ?? $"HTTP {(int)status}", (int)status);
    }
}
