using Microsoft.Extensions.DependencyInjection.Extensions;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.Server.Sms.Dev;

namespace PhoneAuth.Server.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>Registers the SMS provider named by <c>Sms:Provider</c>, chosen once, at start-up.</summary>
    public static IServiceCollection AddPhoneAuthSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            .Validate(o => o.Provider is "dev", "Sms:Provider must be \"dev\".")
            .ValidateOnStart();
        services.AddOptions<DevSmsOptions>().BindConfiguration(DevSmsOptions.Section);

        var provider = configuration[$"{SmsOptions.Section}:{nameof(SmsOptions.Provider)}"] ?? "dev";
        switch (provider)
        {
            case "dev":
                services.TryAddSingleton<ISmsSender, DevSmsSender>();
                break;
        }
        return services;
    }
}
