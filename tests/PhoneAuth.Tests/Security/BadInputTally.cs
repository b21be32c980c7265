using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// The bad-input suites' bookkeeping, shared by every dialect: sends a request, counts its status,
/// tells Kestrel's own refusals of invalid HTTP (an empty 400 or 414 before any application code, or a
/// reset on a request line with a NUL) from the application's answers, and keeps every application
/// error that is not the dialect's JSON. <see cref="AssertClean"/> states what the suites require.
/// </summary>
internal sealed class BadInputTally(Func<string, bool> isClearError, string dialectJson)
{
    public Dictionary<int, int> Statuses { get; } = [];
    public List<string> Unclear { get; } = [];
    public int RefusedByKestrel { get; private set; }
    public int Sent { get; private set; }

    public async Task SendAsync(HttpClient http, HttpRequestMessage request)
    {
        Sent++;
        using var response = await BadInput.SendAsync(http, request);
        if (response is null)
        {
            RefusedByKestrel++;
            return;
        }
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
        if (status is 400 or 414 && text.Length == 0 && !response.Headers.Contains("Access-Control-Allow-Origin")) RefusedByKestrel++;
        else Check(status, text, $"{request.Method} {request.RequestUri}");
    }

    /// <summary>Counts an answer already read (<see cref="WireResponse"/>), described by <paramref name="label"/>.</summary>
    public void Count(WireResponse answer, string label)
    {
        Sent++;
        Statuses[(int)answer.Status] = Statuses.GetValueOrDefault((int)answer.Status) + 1;
        Check((int)answer.Status, answer.Raw, label);
    }

    /// <summary>A request Kestrel refused on its own, before the application (a URL over its limit).</summary>
    public void CountKestrelRefusal(int status)
    {
        Sent++;
        Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
        RefusedByKestrel++;
    }

    private void Check(int status, string text, string label)
    {
        if (status >= 400 && !isClearError(text)) Unclear.Add($"{label[..Math.Min(100, label.Length)]} → {status} {text[..Math.Min(120, text.Length)]}");
    }

    public IEnumerable<(string Name, object Value)> Figures() =>
    [
        .. Statuses.OrderBy(s => s.Key).Select(s => ($"HTTP {s.Key}", (object)s.Value)),
        ("answers in the 5xx range", Statuses.Where(s => s.Key >= 500).Sum(s => s.Value)),
        ("invalid HTTP refused by Kestrel before the application", RefusedByKestrel),
        ($"other errors that are not {dialectJson}", Unclear.Count),
    ];

    /// <summary>No answer in the 5xx range, every error the dialect's JSON, and nothing logged as an error.</summary>
    public void AssertClean(CapturedLogs logs)
    {
        Assert.DoesNotContain(Statuses.Keys, s => s >= 500);
        Assert.Empty(Unclear);
        Assert.DoesNotContain(logs.Lines, l => l.StartsWith("Error") || l.StartsWith("Critical"));
    }
}
