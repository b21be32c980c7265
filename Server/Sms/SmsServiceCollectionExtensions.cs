using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.Server.Sms.Aliyun;
using PhoneAuth.Server.Sms.Dev;
using PhoneAuth.Server.Sms.LeanCloud;
using PhoneAuth.Server.Sms.Tencent;
using PhoneAuth.Server.Sms.Twilio;

namespace PhoneAuth.Server.Sms;

public static class SmsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the providers named by <c>Sms:Provider</c> and <c>Sms:Failover</c>, chosen once, at
    /// start-up. Only those providers' sections are bound and validated, and a bad one stops start-up.
    /// A name that is not built in must be the <see cref="ISmsSender.Name"/> of a sender that cloud code
    /// registers (a CloudCode:Assemblies assembly); otherwise start-up stops.
    /// </summary>
    public static IServiceCollection AddPhoneAuthSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section)
            // Senders that cloud code adds are registered as ISmsSender; the built-in ones are not.
            .Validate<IEnumerable<ISmsSender>>((o, added) => o.Chain.All(name => SmsOptions.Known.Contains(name) || added.Any(s => s.Name == name)),
                $"Sms:Provider and Sms:Failover must name providers among: {string.Join(", ", SmsOptions.Known)}, or an ISmsSender of a CloudCode:Assemblies assembly.")
            .Validate(o => o.Chain.Distinct().Count() == o.Chain.Count, "Sms:Failover must not repeat a provider.")
            .ValidateOnStart();
        services.TryAddSingleton<SmsTextRenderer>();

        var chain = configuration.GetSection(SmsOptions.Section).Get<SmsOptions>()?.Chain ?? ["dev"];
        foreach (var name in chain)
        {
            switch (name)
            {
                case "dev":
                    services.AddOptions<DevSmsOptions>().BindConfiguration(DevSmsOptions.Section);
                    services.TryAddSingleton<DevSmsSender>();
                    break;
                case "aliyun":
                    AddProvider<AliyunSmsOptions, AliyunSmsSender>(services, AliyunSmsOptions.Section);
                    break;
                case "tencent":
                    AddProvider<TencentSmsOptions, TencentSmsSender>(services, TencentSmsOptions.Section);
                    break;
                case "twilio":
                    AddProvider<TwilioSmsOptions, TwilioSmsSender>(services, TwilioSmsOptions.Section)
                        .Validate(o => !string.IsNullOrEmpty(o.From) || !string.IsNullOrEmpty(o.MessagingServiceSid),
                            "Sms:Twilio needs From or MessagingServiceSid.");
                    break;
                case "leancloud":
                    AddProvider<LeanCloudSmsOptions, LeanCloudSmsSender>(services, LeanCloudSmsOptions.Section);
                    services.AddSingleton<ISmsCodeVerifier>(sp => sp.GetRequiredService<LeanCloudSmsSender>());
                    break;
            }
        }
        services.TryAddSingleton(sp =>
        {
            _ = sp.GetRequiredService<IOptions<SmsOptions>>().Value; // validates the names first, whoever asks first
            return new SmsProviders([.. chain.Select(name => Sender(sp, name))], sp.GetServices<ISmsCodeVerifier>());
        });
        return services;
    }

    private static OptionsBuilder<TOptions> AddProvider<TOptions, TSender>(IServiceCollection services, string section)
        where TOptions : SmsProviderOptions where TSender : class, ISmsSender
    {
        // No request logging: LeanCloud puts the code in the URL (verifySmsCode/{code}), and a code never reaches a log.
        services.AddHttpClient(section.Split(':')[1].ToLowerInvariant()).RemoveAllLoggers();
        services.TryAddSingleton<TSender>();
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations()
            .Validate(o => o.Timeout > TimeSpan.Zero, $"{section}:Timeout must be positive.")
            .ValidateOnStart();
    }

    private static ISmsSender Sender(IServiceProvider services, string name) => name switch
    {
        "dev" => services.GetRequiredService<DevSmsSender>(),
        "aliyun" => services.GetRequiredService<AliyunSmsSender>(),
        "tencent" => services.GetRequiredService<TencentSmsSender>(),
        "twilio" => services.GetRequiredService<TwilioSmsSender>(),
        "leancloud" => services.GetRequiredService<LeanCloudSmsSender>(),
        _ => services.GetServices<ISmsSender>().First(sender => sender.Name == name),
    };
}
