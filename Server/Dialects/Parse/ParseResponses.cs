using Newtonsoft.Json.Linq;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>Writes the dialect's answers: always JSON, never an empty body or a redirect.</summary>
internal static class ParseResponses
{
    public static Task WriteJsonAsync(this HttpResponse response, JToken body, int status = StatusCodes.Status200OK)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(ParseJson.Serialize(body), response.HttpContext.RequestAborted);
    }

    public static Task WriteErrorAsync(this HttpResponse response, int status, int code, string message, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return response.WriteJsonAsync(new JObject { ["code"] = code, ["error"] = message }, status);
    }

    /// <summary>Parse Server's answer to a missing or wrong application id or client key.</summary>
    public static Task WriteUnauthorizedAsync(this HttpResponse response) =>
        response.WriteJsonAsync(new JObject { ["error"] = "unauthorized" }, StatusCodes.Status403Forbidden);
}
