using Microsoft.AspNetCore.Http.Features;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.Parse.Json;

namespace PhoneAuth.Server.Dialects;

/// <summary>
/// Reads a request body as a JSON object, whatever its Content-Type, for both dialects: Parse JSON
/// and LeanCloud's (its descendant). Empty or null is {}; anything but an object is InvalidJson; over the
/// limit is a 413.
/// </summary>
internal static class JsonBody
{
    public static async Task<JObject> ReadAsync(HttpContext http, long maxBodySize)
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
        // Parse the body as JSON whatever its Content-Type: the JS SDK sends text/plain to avoid CORS preflights.
        try
        {
            // A JSON null is no body: old LeanCloud SDKs send one with verifyMobilePhone.
            var token = ParseJson.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            return token.Type == JTokenType.Null ? []
                : token as JObject ?? throw new PhoneAuthException(AuthError.InvalidJson, "The body is JSON but not an object.");
        }
        catch (JsonException ex)
        {
            throw new PhoneAuthException(AuthError.InvalidJson, ex.Message, ex);
        }
    }

}
