using System.Globalization;
using System.Text.Json.Nodes;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Parse JSON's typed values, which every dialect of the family shares: dates and pointers.</summary>
public static class ParseEncoding
{
    /// <summary>createdAt/updatedAt form: exactly yyyy-MM-ddTHH:mm:ss.fffZ, which the SDK's parseDate requires.</summary>
    public static string FormatDate(DateTimeOffset value)
    {
        // yyyy-MM-ddTHH:mm:ss.fffZ. The round-trip format has a fast path that a custom format has not
        // (every object of an answer formats two dates); its first 23 characters are these, with the
        // fractions cut, not rounded, as "fff" cuts them.
        Span<char> text = stackalloc char[28];
        if (!value.UtcDateTime.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture) || written != 28)
            throw new InvalidOperationException("The round-trip format of a UTC date is 28 characters.");
        text[23] = 'Z';
        return new string(text[..24]);
    }

    /// <summary>Any other date: {"__type":"Date","iso":"…"}.</summary>
    public static JsonObject Date(DateTimeOffset value) => new() { ["__type"] = "Date", ["iso"] = FormatDate(value) };

    /// <summary>{"__type":"Pointer","className":…,"objectId":…}.</summary>
    public static JsonObject Pointer(string className, string objectId) =>
        new() { ["__type"] = "Pointer", ["className"] = className, ["objectId"] = objectId };
}
