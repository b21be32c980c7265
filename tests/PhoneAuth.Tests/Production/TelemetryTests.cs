using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Production;

/// <summary>
/// OpenTelemetry: spans from the HTTP request through the core to the provider and the database, metrics of
/// codes, providers and requests by dialect, a Prometheus endpoint that is off unless asked for, and, in
/// all of it, no phone number, code, token or key.
/// </summary>
public sealed class TelemetryTests
{
    /// <summary>OTLP is on (to a port nobody listens on); the test reads what is exported through an in-memory exporter.</summary>
    private static Dictionary<string, string?> Traced(params (string Key, string Value)[] more)
    {
        var settings = LeanCloudClient.Settings(new() { ["Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:9" });
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task SpansAndMetricsCarryNoNumberCodeTokenOrKey()
    {
        var exporter = new SpanLog();
        var measured = new ConcurrentQueue<(object? Scope, string Instrument, KeyValuePair<string, object?>[] Tags)>();
        using var listener = new MeterListener { InstrumentPublished = (instrument, l) => l.EnableMeasurementEvents(instrument) };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measured.Enqueue((instrument.Meter.Scope, instrument.Name, tags.ToArray())));
        listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measured.Enqueue((instrument.Meter.Scope, instrument.Name, tags.ToArray())));
        listener.SetMeasurementEventCallback<int>((instrument, _, tags, _) => measured.Enqueue((instrument.Meter.Scope, instrument.Name, tags.ToArray())));
        listener.Start();
        await using var host = await TestHost.StartAsync(Traced(), services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(exporter)),
            engine: StorageEngine.Postgres);
        var leanCloud = new LeanCloudClient(host);
        // Spans of every host in this test process reach the exporter: this host's requests are told by their user agent.
        var agent = "telemetry-test-" + Guid.NewGuid().ToString("N");
        host.Http.DefaultRequestHeaders.UserAgent.ParseAdd(agent);

        // The Parse flow: a code, a wrong code, the right one, the session, a password login by query string, a logout.
        var phone = Phones.NewMainland();
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = host.Outbox.LatestCode(phone);
        var wrong = code == "000000" ? "111111" : "000000";
        await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = wrong });
        var token = (string)(await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))!;
        await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        await host.Client.RestAsync(HttpMethod.Get, $"login?username={Uri.EscapeDataString(phone)}&password=pw-{code}");
        await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token, master: true);
        await host.Client.RestAsync(HttpMethod.Post, "logout", sessionToken: token);
        // The LeanCloud flow, whose check puts the code in the path.
        var other = Phones.NewMainland();
        var otherCode = await leanCloud.SmsCodeAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await leanCloud.PostAsync("verifySmsCode/" + otherCode, new { mobilePhoneNumber = other })).Status);

        // A server span ends just after its answer is written, and is redacted as it ends.
        var verifySpan = await EventuallyAsync(() => exporter.Snapshot().FirstOrDefault(s =>
            (s.GetTagItem("http.route") as string) == "/1.1/verifySmsCode/{code}" && s.GetTagItem("url.path") as string != "/1.1/verifySmsCode/" + otherCode));
        await Task.Delay(200);
        var spans = exporter.Snapshot();
        Assert.Equal("/1.1/verifySmsCode/{code}", verifySpan.GetTagItem("url.path"));
        Assert.Equal("leancloud", verifySpan.GetTagItem("phoneauth.dialect"));

        string[] secrets = [phone, phone[3..], other, other[3..], code, wrong, otherCode, token, token[2..], TestHost.MasterKey, TestHost.CodeSecret,
            LeanCloudClient.AppKey, LeanCloudClient.MasterKey, "pw-" + code];
        var exported = spans.SelectMany(Strings).ToList();
        var metricTags = measured.SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(exported, s => s.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(metricTags, s => s.Contains(secret, StringComparison.Ordinal));
        }

        // One trace from the request through the core to the provider and the database.
        var ourTraces = spans.Where(s => (s.GetTagItem("user_agent.original") as string) == agent).Select(s => s.TraceId).ToHashSet();
        var request = spans.First(s => ourTraces.Contains(s.TraceId) && s.OperationName == "phoneauth.code.request" && (string?)s.GetTagItem("phoneauth.code.purpose") == "login");
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Contains(trace, s => (s.GetTagItem("http.route") as string) == "/parse/functions/{name}" && (string?)s.GetTagItem("phoneauth.dialect") == "parse");
        Assert.Contains(trace, s => s.OperationName == "phoneauth.sms.send" && (string?)s.GetTagItem("phoneauth.sms.provider") == "dev" && s.ParentSpanId == request.SpanId);
        Assert.Contains(trace, s => s.Source.Name == "Npgsql");
        Assert.Contains(spans, s => ourTraces.Contains(s.TraceId) && s.OperationName == "phoneauth.code.verify" && (string?)s.GetTagItem("phoneauth.reason") == "wrong-code");

        // This host's metrics: codes by purpose and country, the failed check by reason, the provider, requests by dialect.
        var ours = measured.Where(m => ReferenceEquals(m.Scope, host.Services.GetRequiredService<IMeterFactory>())).ToList();
        Assert.Contains(ours, m => m.Instrument == "phoneauth.codes.sent" && Has(m.Tags, "phoneauth.code.purpose", "login") && Has(m.Tags, "phoneauth.country", "86"));
        Assert.Contains(ours, m => m.Instrument == "phoneauth.codes.failed" && Has(m.Tags, "phoneauth.reason", "wrong-code"));
        Assert.Contains(ours, m => m.Instrument == "phoneauth.codes.verified" && Has(m.Tags, "phoneauth.code.purpose", "login"));
        Assert.Contains(ours, m => m.Instrument == "phoneauth.sms.duration" && Has(m.Tags, "phoneauth.sms.provider", "dev") && Has(m.Tags, "phoneauth.outcome", "sent"));
        Assert.Contains(ours, m => m.Instrument == "phoneauth.session_cache.lookups" && Has(m.Tags, "phoneauth.result", "hit"));
        Assert.Contains(ours, m => m.Instrument == "http.server.request.duration" && Has(m.Tags, "phoneauth.dialect", "leancloud")
            && Has(m.Tags, "http.route", "/1.1/verifySmsCode/{code}"));
    }

    [Fact]
    public async Task APrometheusEndpointIsOffByDefaultAndServesTheMetricsWhenEnabled()
    {
        await using (var plain = await TestHost.StartAsync())
        {
            Assert.Equal(HttpStatusCode.NotFound, (await plain.Http.GetAsync("/metrics")).StatusCode);
        }

        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" });
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        var text = await EventuallyAsync(async () =>
        {
            var body = await host.Http.GetStringAsync("/metrics");
            return body.Contains("phoneauth_codes_sent_total") && body.Contains("http_server_request_duration_seconds") ? body : null;
        });
        Assert.Contains("phoneauth_dialect=\"parse\"", text);
        Assert.Contains("phoneauth_country=\"86\"", text);
        // Not under the public mount.
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.RestAsync(HttpMethod.Get, "metrics")).Status);
    }

    /// <summary>The in-memory exporter's list, safe to read while the server adds to it.</summary>
    private sealed class SpanLog : ICollection<Activity>
    {
        private readonly List<Activity> _spans = [];

        public IReadOnlyList<Activity> Snapshot() { lock (_spans) return [.. _spans]; }

        public void Add(Activity item) { lock (_spans) _spans.Add(item); }
        public void Clear() { lock (_spans) _spans.Clear(); }
        public bool Contains(Activity item) { lock (_spans) return _spans.Contains(item); }
        public void CopyTo(Activity[] array, int arrayIndex) { lock (_spans) _spans.CopyTo(array, arrayIndex); }
        public bool Remove(Activity item) { lock (_spans) return _spans.Remove(item); }
        public int Count { get { lock (_spans) return _spans.Count; } }
        public bool IsReadOnly => false;
        public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static bool Has(KeyValuePair<string, object?>[] tags, string key, string value) => tags.Any(t => t.Key == key && Equals(t.Value?.ToString(), value));

    /// <summary>Every string an exporter would send for a span: its name, attributes, events, links' attributes, status and baggage.</summary>
    private static IEnumerable<string> Strings(Activity span)
    {
        yield return span.DisplayName;
        yield return span.OperationName;
        if (span.StatusDescription is { } status) yield return status;
        foreach (var (key, value) in span.TagObjects) yield return $"{key}={value}";
        foreach (var spanEvent in span.Events)
        {
            yield return spanEvent.Name;
            foreach (var (key, value) in spanEvent.Tags) yield return $"{key}={value}";
        }
        foreach (var (key, value) in span.Baggage) yield return $"{key}={value}";
    }

    private static async Task<T> EventuallyAsync<T>(Func<T?> find) where T : class => await EventuallyAsync(() => Task.FromResult(find()));

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> find) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (await find() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException("Not seen within 10 s.");
            await Task.Delay(50);
        }
    }
}
