using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// Route table:
///   GET /classes/_SmsLog   master key: every SMS send attempt, newest first (where: phone; limit, skip)
/// </summary>
internal static class SmsLogEndpoints
{
    public static RouteGroupBuilder MapSmsLogEndpoints(this RouteGroupBuilder group)
    {
        group.MapGet("/classes/_SmsLog", ListAsync);
        return group;
    }

    private static async Task ListAsync(HttpContext http, ISmsLogStore log)
    {
        var request = http.Parse();
        if (!request.Caller.IsMaster) throw new PhoneAuthException(AuthError.PermissionDenied, "The send log needs the master key.");
        var (query, _) = QueryReader.Read(request.Body, http.Request.Query);
        string? phone = null;
        foreach (var condition in query.Conditions)
        {
            phone = condition.Field == UserFields.Phone && condition.AnyOf is [JsonValue value] && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
                : throw new PhoneAuthException(AuthError.InvalidQuery) { Args = ["the send log can be queried by one phone number (a string) only"] };
        }
        var entries = await log.ListAsync(phone, query.Skip, Math.Min(query.Limit, 1000), http.RequestAborted);
        await http.Response.WriteJsonAsync(new JObject { ["results"] = new JArray(entries.Select(Write)) });
    }

    private static JObject Write(SmsLogEntry entry) => new()
    {
        ["objectId"] = entry.Id,
        ["provider"] = entry.Provider,
        ["messageId"] = entry.MessageId,
        ["phone"] = entry.Phone,
        ["purpose"] = entry.Purpose,
        ["status"] = entry.Status,
        ["errorCode"] = entry.ErrorCode,
        ["latencyMs"] = entry.LatencyMs,
        ["createdAt"] = ParseJson.FormatDate(entry.At),
        ["updatedAt"] = ParseJson.FormatDate(entry.At),
    };
}
