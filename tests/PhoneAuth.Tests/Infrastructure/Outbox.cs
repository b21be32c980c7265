using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>Reads the dev SMS provider's outbox file: one JSON line per message.</summary>
public sealed class Outbox(string path)
{
    public string Path { get; } = path;

    public IReadOnlyList<JObject> Messages =>
        File.Exists(Path)
            ? File.ReadAllLines(Path).Where(l => l.Length > 0).Select(JObject.Parse).ToList()
            : [];

    /// <summary>The newest code sent to <paramref name="e164"/> (notices carry none); fails the test when there is none.</summary>
    public string LatestCode(string e164) =>
        (string?)Messages.LastOrDefault(m => (string?)m["to"] == e164 && m["code"]?.Type == JTokenType.String)?["code"]
        ?? throw new Xunit.Sdk.XunitException($"No SMS was sent to {e164}.");

    public int CountTo(string e164) => Messages.Count(m => (string?)m["to"] == e164);
}
