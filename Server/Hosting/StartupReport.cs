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
    IHostEnvironment environment,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("PhoneAuth: Parse dialect at {MountPath}, storage {Provider}, SMS provider {Sms}, environment {Environment}",
            parse.Value.MountPath, storage.Value.Provider, sms.Value.Provider, environment.EnvironmentName);
        if (environment.IsDevelopment() && parse.Value.MasterKey == DevelopmentKeys.MasterKey)
            logger.LogWarning(LogEvents.ConfigurationWarning, "Using the documented development master key and code secret: never expose this server.");
        if (!environment.IsDevelopment() && sms.Value.Provider == "dev")
            logger.LogWarning(LogEvents.ConfigurationWarning, "The dev SMS provider sends no SMS. Set Sms:Provider to a real provider in production.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
