using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>
/// The outermost piece of a dialect's pipeline: whatever fails below it (the envelope, a filter, a
/// handler) is answered in the dialect's words through its <see cref="IWireErrorMap"/>. A client's
/// mistake is a 4xx from the map; an outage a retryable 503; anything else is a fault of ours, logged
/// and answered 500 without detail.
/// </summary>
public sealed class WireErrorBoundary(RequestDelegate next, IWireErrorMap map, ILogger<WireErrorBoundary> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception ex) when (!http.Response.HasStarted && !(ex is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var error = ex switch
            {
                PhoneAuthException auth => map.For(auth, Locales.FromRequest(http.Request)),
                CloudFunctionException cloud => map.For(cloud),
                UnauthorizedRequestException => map.For(WireFailure.Unauthorized),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => map.For(WireFailure.BodyTooLarge),
                BadHttpRequestException bad => map.For(WireFailure.MalformedRequest, bad.Message),
                StorageException { IsTransient: true } => map.For(WireFailure.Unavailable),
                _ => Fault(http, ex),
            };
            http.Response.Clear();
            await http.Response.WriteErrorAsync(error);
        }
    }

    private WireError Fault(HttpContext http, Exception ex)
    {
        logger.LogError(LogEvents.RequestFailed, ex, "{Method} {Path} failed", http.Request.Method, http.Request.Path);
        return map.For(WireFailure.Internal);
    }
}
