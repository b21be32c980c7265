using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Parse;

/// <summary>
/// X-Parse-Request-Id, as Parse Server's idempotency: a write on a configured path whose id was seen
/// in the last TTL is answered 159 and does nothing (a retried requestSmsCode sends no second SMS).
/// The SDK reuses the id when it retries after a 5xx, so an id whose request answered 503 (nothing
/// was accepted) is forgotten, and the retry runs.
/// </summary>
internal sealed class ParseIdempotency(IIdempotencyStore store, TimeProvider time, IOptions<ParseOptions> options) : IEndpointFilter
{
    private const int MaxIdLength = 128;
    private readonly Regex[] _paths = [.. options.Value.Idempotency.EffectivePaths.Select(p => new Regex("^(?:" + p + ")$", RegexOptions.CultureInvariant))];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requestId = await EnterAsync(http, http.Request.Path.Value![options.Value.MountPath.Length..], http.RequestAborted);
        try
        {
            return await next(context);
        }
        catch (StorageException ex) when (ex.IsTransient && requestId is not null)
        {
            await store.ReleaseAsync(requestId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The request id to release if the request fails with 503, or null when idempotency does not apply.</summary>
    private async Task<string?> EnterAsync(HttpContext http, string path, CancellationToken cancellationToken)
    {
        if (!http.Request.Headers.TryGetValue("X-Parse-Request-Id", out var header) || header.ToString() is not { Length: > 0 } requestId) return null;
        if (!(HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method))) return null;
        if (!_paths.Any(p => p.IsMatch(path.TrimStart('/')))) return null;
        if (requestId.Length > MaxIdLength) throw new PhoneAuthException(AuthError.InvalidParameterValue) { Args = ["X-Parse-Request-Id"] };

        var now = time.GetUtcNow();
        if (!await store.TryRegisterAsync(requestId, now, now + options.Value.Idempotency.Ttl, cancellationToken))
            throw new PhoneAuthException(AuthError.DuplicateRequest);
        return requestId;
    }
}
