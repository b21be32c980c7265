namespace PhoneAuth.CloudFunctions.Errors;

/// <summary>
/// An expected, client-caused failure. Anything else that escapes a request is a bug or an outage and
/// becomes a 5xx. <see cref="Exception.Message"/> is the internal detail, for logs only; the public
/// message comes from the dialect's error map, or from <see cref="PublicMessage"/> when a validator set one.
/// </summary>
public sealed class PhoneAuthException : Exception
{
    public PhoneAuthException(AuthError error, string? internalDetail = null, Exception? inner = null)
        : base(internalDetail ?? error.ToString(), inner)
    {
        Error = error;
    }

    public AuthError Error { get; }

    /// <summary>Arguments for the public message template (a parameter name, a function name...).</summary>
    public IReadOnlyList<object> Args { get; init; } = [];

    /// <summary>How long the client should wait before trying again, for limits.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// A short, stable name of the cause, for metrics and spans: a limit's rule name ("resend-interval"),
    /// "conversion-guard", "provider". Never shown to clients; the error's name stands in when unset.
    /// </summary>
    public string? Reason { get; init; }

    /// <summary>A message chosen by application code (a validator's custom error); overrides the map.</summary>
    public string? PublicMessage { get; init; }
}
