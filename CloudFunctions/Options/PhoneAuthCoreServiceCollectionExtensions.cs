using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Data;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Sessions;
using PhoneAuth.CloudFunctions.Telemetry;
using PhoneAuth.CloudFunctions.Users;

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
        services.TryAddSingleton<PhoneAuthMetrics>();
        services.TryAddSingleton<CodeLimits>();
        services.TryAddSingleton<ConversionGuard>();
        services.TryAddSingleton<ChallengeGate>();
        services.TryAddSingleton<SmsDispatcher>();
        services.TryAddSingleton<SmsCodeService>();
        services.TryAddSingleton<SessionCache>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<PhoneParser>();
        services.TryAddSingleton<ActingUsers>();
        services.TryAddSingleton<CodeRequests>();
        services.TryAddSingleton<PhoneSignIn>();
        services.TryAddSingleton<PhoneAccountService>();
        services.TryAddSingleton<CloudFunctionRunner>();
        services.TryAddSingleton<TriggerInvoker>();
        services.TryAddSingleton<TriggerRunner>();
        services.TryAddSingleton<ObjectTriggers>();
        services.TryAddSingleton<CloudData.CloudDataService>();
        services.TryAddSingleton<RecordLimits>();
        services.TryAddSingleton<UserService>();
        services.TryAddSingleton<QueryGuard>();
        services.TryAddSingleton<ClassAccess>();
        services.TryAddSingleton<SchemaService>();
        services.TryAddSingleton<SchemaAdmin>();
        services.TryAddSingleton<Viewers>();
        services.TryAddSingleton<IncludedUsers>();
        services.TryAddSingleton<ObjectReader>();
        services.TryAddSingleton<ObjectWriter>();
        services.TryAddSingleton<PasswordLogin>();
        services.TryAddSingleton<PasswordUpdate>();
        services.TryAddSingleton<AuthProviders>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthProvider, AnonymousAuthProvider>());

        // The built-ins are a module like any other; application modules are added by the host.
        // Modules register at start-up, not in the registry's constructor: they depend on services
        // (PhoneAuthService, through the triggers) that depend on the registry.
        services.AddSingleton<ICloudCodeModule, BuiltInFunctions>();
        services.TryAddSingleton<CloudFunctionRegistry>();
        services.AddHostedService<CloudCodeRegistration>();
        return services;
    }
}
