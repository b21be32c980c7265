using System.Globalization;
using System.Text.Json.Nodes;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>Writes the answers of the Parse family: always JSON, never an empty body or a redirect.</summary>
public static class WireResponses
{
    public static Task WriteJsonAsync(this HttpResponse response, JsonNode body, int status = StatusCodes.Status200OK)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        // UTF-8 straight from the nodes into the response's pooled buffers: no string to transcode and no
        // buffer of its own to allocate for every answer.
        WireJson.Serialize(body, response.BodyWriter);
        return response.BodyWriter.FlushAsync(response.HttpContext.RequestAborted).AsTask();
    }

    /// <summary>{"code": …, "error": "…"}, with Retry-After when the client should wait.</summary>
    public static Task WriteErrorAsync(this HttpResponse response, WireError error)
    {
        if (error.RetryAfter is { } wait)
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        JsonObject body = error.Code is { } code ? new() { ["code"] = code, ["error"] = error.Message } : new() { ["error"] = error.Message };
        return response.WriteJsonAsync(body, error.Status);
    }
}
