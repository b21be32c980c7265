using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Dialects.Kernel;

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
        var request = http.Wire();
        if (!request.Caller.IsMaster) throw new PhoneAuthException(AuthError.PermissionDenied, "The send log needs the master key.");
        var (query, _) = QueryReader.Read(request.Body, http.Request.Query);
        string? phone = null;
        foreach (var condition in query.Conditions)
        {
            phone = condition.Field == UserFields.Phone && condition.AnyOf is [var value] && WireJson.Text(value) is { } text ? text
                : throw new PhoneAuthException(AuthError.InvalidQuery) { Args = ["the send log can be queried by one phone number (a string) only"] };
        }
        var entries = await log.ListAsync(phone, query.Skip, Math.Min(query.Limit, 1000), http.RequestAborted);
        await http.Response.WriteJsonAsync(new JsonObject { ["results"] = new JsonArray([.. entries.Select(Write)]) });
    }

    private static JsonObject Write(SmsLogEntry entry) => new()
    {
        ["objectId"] = entry.Id,
        ["provider"] = entry.Provider,
        ["messageId"] = entry.MessageId,
        ["phone"] = entry.Phone,
        ["purpose"] = entry.Purpose,
        ["status"] = entry.Status,
        ["errorCode"] = entry.ErrorCode,
        ["latencyMs"] = entry.LatencyMs,
        ["createdAt"] = ParseEncoding.FormatDate(entry.At),
        ["updatedAt"] = ParseEncoding.FormatDate(entry.At),
    };
}
