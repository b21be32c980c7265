using System.Diagnostics;

namespace PhoneAuth.CloudFunctions.Telemetry;

/// <summary>
/// The server's own spans, on the activity source <see cref="SourceName"/>: a code request, a code check
/// and each provider call, nested under the HTTP request's span. Their attributes follow the metrics'
/// rule: a purpose, a country calling code, a provider, an outcome; never a number, code, token or key.
/// </summary>
public static class PhoneAuthActivities
{
    public const string SourceName = "PhoneAuth";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a span for a code operation, when anyone listens.</summary>
    public static Activity? StartCode(string name, string purpose, string country) =>
        Source.StartActivity(name)?.SetTag("phoneauth.code.purpose", purpose).SetTag("phoneauth.country", country);

    /// <summary>Ends a span as failed, with a reason from the closed list the metrics use.</summary>
    public static void Fail(this Activity? activity, string reason)
    {
        activity?.SetTag("phoneauth.reason", reason);
        activity?.SetStatus(ActivityStatusCode.Error, reason);
    }
}
