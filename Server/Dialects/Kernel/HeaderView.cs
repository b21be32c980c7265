using System.Diagnostics.CodeAnalysis;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>The request headers as a read-only string dictionary, without copying them.</summary>
internal sealed class HeaderView(IHeaderDictionary headers) : IReadOnlyDictionary<string, string>
{
    public string this[string key] => headers[key].ToString();
    public IEnumerable<string> Keys => headers.Keys;
    public IEnumerable<string> Values => headers.Values.Select(v => v.ToString());
    public int Count => headers.Count;
    public bool ContainsKey(string key) => headers.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var found = headers.TryGetValue(key, out var values);
        value = found ? values.ToString() : null;
        return found;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        headers.Select(h => KeyValuePair.Create(h.Key, h.Value.ToString())).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
