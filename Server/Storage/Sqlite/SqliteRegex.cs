using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace PhoneAuth.Server.Storage.Sqlite;

/// <summary>
/// SQLite's regexp(), which it does not provide itself: .NET's Regex in its non-backtracking mode, so a
/// match takes time linear in the input whatever the pattern (patterns the mode cannot run were refused
/// when the query was read). Compiled patterns are kept, up to a bound.
/// </summary>
internal static class SqliteRegex
{
    private const int MaxCached = 1000;
    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="value"/> matches; only text can (a number or a missing value does not).</summary>
    public static bool? IsMatch(string pattern, object? value)
    {
        if (value is not string input) return null;
        if (!Cache.TryGetValue(pattern, out var regex))
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            if (Cache.Count >= MaxCached) Cache.Clear();
            Cache[pattern] = regex;
        }
        return regex.IsMatch(input);
    }
}
