using System.Text.Json.Nodes;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// What every dialect's /batch shares: its requests, read within Data:MaxBatchSize, and the refusal of
/// one it cannot route, which refuses the whole batch (107) before any request runs.
/// </summary>
public static class BatchRequests
{
    /// <summary>The body's requests, or 107 when they are not an array or more than <paramref name="maxBatchSize"/>.</summary>
    public static JsonArray Read(JsonObject body, int maxBatchSize) =>
        body["requests"] is not JsonArray requests ? throw new PhoneAuthException(AuthError.InvalidBatch) { Args = ["requests must be an array"] }
        : requests.Count > maxBatchSize ? throw new PhoneAuthException(AuthError.InvalidBatch)
            { Args = [$"Batch request contains {requests.Count} sub-requests, which exceeds the limit of {maxBatchSize}."] }
        : requests;

    public static PhoneAuthException CannotRoute(string path) =>
        new(AuthError.InvalidBatch) { Args = [$"cannot route batch path {Shorten(path)}"] };

    public static PhoneAuthException CannotRoute(string method, string path) =>
        new(AuthError.InvalidBatch) { Args = [$"cannot route {method} {Shorten(path)}"] };

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
