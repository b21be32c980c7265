using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Options;

namespace PhoneAuth.CloudFunctions.Data;

/// <summary>
/// The size limits of a stored record (<see cref="DataOptions"/>). Without them one account can grow
/// its own record by a request's worth per write, and every later read of it costs memory and time.
/// </summary>
public sealed class RecordLimits(IOptions<DataOptions> options)
{
    /// <summary>Refuses (116) a record whose parts weigh more than the limit, or that holds a longer array.</summary>
    /// <param name="texts">The record's built-in text fields (username, email...).</param>
    /// <param name="documents">Its JSON parts (custom fields, ACL, authData); null parts weigh nothing.</param>
    public void Check(IEnumerable<string?> texts, IEnumerable<JsonNode?> documents)
    {
        var settings = options.Value;
        long size = 0;
        foreach (var text in texts) size += text is null ? 0 : Encoding.UTF8.GetByteCount(text);
        foreach (var document in documents)
        {
            if (document is null) continue;
            CheckArrays(document, settings.MaxArrayLength);
            size += Encoding.UTF8.GetByteCount(document.ToJsonString());
        }
        if (size > settings.MaxRecordSize)
            throw new PhoneAuthException(AuthError.ObjectTooLarge, $"A record of {size} bytes") { Args = [$"its JSON may weigh at most {settings.MaxRecordSize} bytes"] };
    }

    private static void CheckArrays(JsonNode node, int maxLength)
    {
        switch (node)
        {
            case JsonArray array:
                if (array.Count > maxLength)
                    throw new PhoneAuthException(AuthError.ObjectTooLarge) { Args = [$"an array may hold at most {maxLength} items"] };
                foreach (var item in array) if (item is not null) CheckArrays(item, maxLength);
                break;
            case JsonObject obj:
                foreach (var (_, value) in obj) if (value is not null) CheckArrays(value, maxLength);
                break;
        }
    }
}
