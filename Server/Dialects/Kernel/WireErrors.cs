using PhoneAuth.CloudFunctions.Errors;

namespace PhoneAuth.Server.Dialects.Kernel;

/// <summary>One error as a dialect answers it: HTTP status, the dialect's code (none for a bare {"error"}), the public message.</summary>
public sealed record WireError(int Status, int? Code, string Message, TimeSpan? RetryAfter = null);

/// <summary>Failures of the transport itself, which every dialect answers in its own words.</summary>
public enum WireFailure
{
    /// <summary>The application id or key is missing or wrong.</summary>
    Unauthorized,
    /// <summary>The body is over the dialect's limit (413).</summary>
    BodyTooLarge,
    /// <summary>Kestrel refused the request as HTTP.</summary>
    MalformedRequest,
    /// <summary>The database is unreachable: 503, retryable, nothing was accepted.</summary>
    Unavailable,
    /// <summary>A fault of ours: 500.</summary>
    Internal,
}

/// <summary>
/// A dialect's one map from the core's errors (and the transport's failures) to its wire: code, HTTP
/// status and public message in the caller's language. The kernel's error writer asks it; nothing else
/// in a dialect renders errors.
/// </summary>
public interface IWireErrorMap
{
    /// <summary>A core error, in <paramref name="locale"/> ("zh" or "en").</summary>
    WireError For(PhoneAuthException error, string locale);

    /// <summary>An error an application's cloud code raised with a code of its own.</summary>
    WireError For(CloudFunctionException error);

    /// <summary>A failure of the transport; <paramref name="detail"/> is Kestrel's own message where there is one.</summary>
    WireError For(WireFailure failure, string? detail = null);
}

/// <summary>The application id or key is missing or wrong: answered before anything else is read.</summary>
public sealed class UnauthorizedRequestException() : Exception("The application id or key is missing or wrong.");
