using System.Globalization;
using System.Text.Json.Nodes;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Parse JSON's typed values, which every dialect of the family shares: dates and pointers.</summary>
public static class ParseEncoding
{
    /// <summary>createdAt/updatedAt form: exactly yyyy-MM-ddTHH:mm:ss.fffZ, which the SDK's parseDate requires.</summary>
    public static string FormatDate(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Any other date: {"__type":"Date","iso":"…"}.</summary>
    public static JsonObject Date(DateTimeOffset value) => new() { ["__type"] = "Date", ["iso"] = FormatDate(value) };

    /// <summary>{"__type":"Pointer","className":…,"objectId":…}.</summary>
    public static JsonObject Pointer(string className, string objectId) =>
        new() { ["__type"] = "Pointer", ["className"] = className, ["objectId"] = objectId };
}
