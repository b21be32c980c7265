using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Sessions;

namespace PhoneAuth.CloudFunctions.Options;

public static class PhoneAuthCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the core services. Defaults use TryAdd, so a host or a test can register a
    /// replacement first (a clock, a store). Options are bound by the host.
    /// </summary>
    public static IServiceCollection AddPhoneAuthCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new VerificationCodes(
            Encoding.UTF8.GetBytes(sp.GetRequiredService<IOptions<PhoneAuthOptions>>().Value.CodeSecret)));
        services.TryAddSingleton(sp => new TestNumbers(sp.GetRequiredService<IOptions<PhoneAuthOptions>>().Value));
        services.TryAddSingleton<SmsCodeService>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<PhoneAuthService>();
        services.TryAddSingleton<CloudFunctionRunner>();

        // The built-ins are a module like any other; application modules are added by the host.
        services.AddSingleton<ICloudCodeModule, BuiltInFunctions>();
        services.TryAddSingleton(sp =>
        {
            var registry = new CloudFunctionRegistry();
            foreach (var module in sp.GetServices<ICloudCodeModule>()) module.Register(registry);
            return registry;
        });
        return services;
    }
}
