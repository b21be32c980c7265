using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Sms;
using PhoneAuth.Server.Storage;

namespace PhoneAuth.Server.Hosting;

/// <summary>Says at start-up what runs, and warns about settings unsafe in production. Never logs a secret.</summary>
internal sealed class StartupReport(
    IOptions<ParseOptions> parse,
    IOptions<StorageOptions> storage,
    IOptions<SmsOptions> sms,
    IOptions<CloudFunctions.Options.LimitsOptions> limits,
    IHostEnvironment environment,
    TimeProvider time,
    CloudFunctions.Phone.ChallengeGate challenge,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (challenge.IsMisconfigured)
            throw new InvalidOperationException("Limits:RequireChallenge is on, but no IChallengeVerifier is registered (in DI or a CloudCode:Assemblies assembly).");
        logger.LogInformation("PhoneAuth: Parse dialect at {MountPath}, storage {Provider}, SMS providers {Sms}, environment {Environment}",
            parse.Value.MountPath, storage.Value.Provider, string.Join(" > ", sms.Value.Chain), environment.EnvironmentName);
        var guard = limits.Value.ConversionGuard;
        if (guard.Action != CloudFunctions.Options.ConversionGuardAction.Off)
            logger.LogInformation("Conversion guard: a prefix ({Digits} national digits) sent at least {MinSends} codes in {Window}, over {Factor}x its usual level, with under {Conversion:P0} verified, is {Action}",
                guard.PrefixDigits, guard.MinSends, guard.Window, guard.VolumeFactor, guard.MinConversion,
                guard.Action == CloudFunctions.Options.ConversionGuardAction.Challenge && challenge.HasVerifier ? "challenged" : "refused");
        if (sms.Value.Chain.Contains("leancloud"))
        {
            var days = Sms.LeanCloud.LeanCloudSmsSender.Shutdown.DayNumber - DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).DayNumber;
            logger.LogWarning(LogEvents.ConfigurationWarning,
                "SMS codes are delegated to LeanCloud, which stops all public service on 2027-01-12 ({Days} days from now). Move to aliyun, tencent or twilio before then.",
                days);
        }
        if (environment.IsDevelopment() && parse.Value.MasterKey == DevelopmentKeys.MasterKey)
            logger.LogWarning(LogEvents.ConfigurationWarning, "Using the documented development master key and code secret: never expose this server.");
        if (!environment.IsDevelopment() && sms.Value.Chain.Contains("dev"))
            logger.LogWarning(LogEvents.ConfigurationWarning, "The dev SMS provider sends no SMS. Set Sms:Provider to a real provider in production.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
