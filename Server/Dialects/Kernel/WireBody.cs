using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// Reads a request body as a JSON object, whatever its Content-Type: the Parse JS SDK sends text/plain
/// to avoid CORS preflights. Empty or JSON null is {} (old LeanCloud SDKs send null); anything but an
/// object is InvalidJson; over the limit is a 413.
/// </summary>
public static class WireBody
{
    public static async Task<JsonObject> ReadAsync(HttpContext http, long maxBodySize)
    {
        // A body over the limit is read on and discarded, up to a bound, so that the client gets the 413
        // rather than a broken connection (which the Parse SDK would retry as a network failure).
        var drainLimit = Math.Max(maxBodySize * 8, 16L * 1024 * 1024);
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = drainLimit;
        if (http.Request.ContentLength > drainLimit) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            total += read;
            if (total <= maxBodySize) buffer.Write(chunk, 0, read);
        }
        if (total > maxBodySize) throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        if (buffer.Length == 0) return [];
        return WireJson.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) switch
        {
            null => [],
            JsonObject body => body,
            _ => throw new PhoneAuthException(AuthError.InvalidJson, "The body is JSON but not an object."),
        };
    }
}
