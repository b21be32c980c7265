using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using PhoneAuth.CloudFunctions.Abstractions;

namespace PhoneAuth.Server.Sms;

/// <summary>
/// How a provider call is attempted: each attempt is bounded by the provider's timeout, and it is
/// retried only when the request certainly never reached the provider (the connection or the name
/// lookup failed). A timeout or an error answer is never retried on the same provider, because the
/// provider may have sent the SMS: one request never sends twice through one provider.
/// </summary>
public static class SmsSendPolicy
{
    public static ResiliencePipeline Create(TimeSpan timeout, TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder().Handle<HttpRequestException>(NeverReachedProvider),
        })
        .AddTimeout(timeout)
        .Build();

    private static bool NeverReachedProvider(HttpRequestException ex) =>
        ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;

    /// <summary>Runs one provider call; transport failures and timeouts become <see cref="SmsSendException"/> (Failed).</summary>
    public static async Task<T> RunAsync<T>(this ResiliencePipeline pipeline, string provider, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.ExecuteAsync(call, cancellationToken);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SmsSendException(SmsFailureKind.Failed, provider, "timeout", "The provider did not answer in time.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new SmsSendException(SmsFailureKind.Failed, provider, ex.HttpRequestError.ToString(), ex.Message, ex);
        }
    }

    /// <summary>A 429 or 5xx without a body we understand.</summary>
    public static SmsSendException HttpFailure(string provider, HttpStatusCode status) =>
        new(status == HttpStatusCode.TooManyRequests ? SmsFailureKind.RateLimited : SmsFailureKind.Failed, provider, "http-" + (int)status, $"HTTP {(int)status}");

    /// <summary>
    /// A notice (no code) through a template provider without a template for it: the code template
    /// would say "your code is 1234", so nothing is sent and the next provider is tried.
    /// </summary>
    public static SmsSendException NoNoticeTemplate(string provider, string purpose) =>
        new(SmsFailureKind.Failed, provider, "no-template", $"No template for {purpose} notices: set Sms:<Provider>:Templates:{purpose}.");
}
