using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Data.Query;
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
        var query = QueryReader.Read(request.Body, http.Request.Query, "_SmsLog");
        var phone = query.Where switch
        {
            AllOf { Parts.Count: 0 } => null,
            Comparison { Path: { Field: "phone", IsNested: false }, Op: Comparator.Equal } only when WireJson.Text(only.Value) is { } text => text,
            AllOf { Parts: [Comparison { Path: { Field: "phone", IsNested: false }, Op: Comparator.Equal } one] } when WireJson.Text(one.Value) is { } text => text,
            _ => throw new PhoneAuthException(AuthError.InvalidQuery) { Args = ["the send log can be queried by one phone number (a string) only"] },
        };
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
