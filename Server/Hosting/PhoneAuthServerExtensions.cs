using System.Runtime.Loader;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.Server.Demo;
using PhoneAuth.Server.Dialects.LeanCloud;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Jobs;
using PhoneAuth.Server.Observability;
using PhoneAuth.Server.Operators;
using PhoneAuth.Server.Security;
using PhoneAuth.Server.Sms;
using PhoneAuth.Server.Storage;
using SessionOptions = PhoneAuth.CloudFunctions.Options.SessionOptions;

namespace PhoneAuth.Server.Hosting;

public static class PhoneAuthServerExtensions
{
    /// <summary>Everything the server needs: options, core, storage, SMS, the Parse and LeanCloud dialects, cloud code.</summary>
    public static WebApplicationBuilder AddPhoneAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PhoneAuthOptions>().BindConfiguration(PhoneAuthOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MaxForeignVerifyAttempts <= o.MaxVerifyAttempts, "PhoneAuth:MaxForeignVerifyAttempts must not exceed PhoneAuth:MaxVerifyAttempts.")
            .Validate(o => o.RecentLoginWindow >= TimeSpan.Zero, "PhoneAuth:RecentLoginWindow must not be negative.")
            .Validate(o => PhoneNumber.IsCountryCode(o.DefaultCountryCode), "PhoneAuth:DefaultCountryCode must be a country calling code with national numbers, such as \"86\" or \"1\".")
            .ValidateOnStart();
        services.AddOptions<DataOptions>().BindConfiguration(DataOptions.Section)
            // Parse Server's name for it, which its users know: Parse:AllowClientClassCreation.
            .Configure<IConfiguration>((o, config) =>
            {
                if (config.GetValue<bool?>("Parse:AllowClientClassCreation") is { } allow) o.AllowClientClassCreation = allow;
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CloudCodeOptions>().BindConfiguration(CloudCodeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.AccountLockout.Duration > TimeSpan.Zero, "Users:AccountLockout:Duration must be positive.").ValidateOnStart();
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        var numberTypes = builder.Configuration.GetSection(LimitsOptions.Section + ":" + nameof(LimitsOptions.AllowedNumberTypes));
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.VerifyFailureWindow > TimeSpan.Zero && o.PhoneLockDuration > TimeSpan.Zero, "Limits:VerifyFailureWindow and Limits:PhoneLockDuration must be positive.")
            .Validate(o => o.AllowedCountryCodes.All(c => c == "*" || System.Text.RegularExpressions.Regex.IsMatch(c, "^[1-9][0-9]{0,2}$")),
                "Limits:AllowedCountryCodes must hold country calling codes such as \"86\", or \"*\".")
            // The binder drops a list entry it cannot convert, so a misspelt type is looked for in the configuration itself.
            .Validate(_ => numberTypes.GetChildren().All(t => Enum.TryParse<PhoneNumberType>(t.Value, ignoreCase: true, out var type) && Enum.IsDefined(type)),
                "Limits:AllowedNumberTypes must hold number types such as \"Mobile\", \"FixedLineOrMobile\" or \"TollFree\".")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LimitsOptions>, ConversionGuardValidation>();
        AddForwardedHeaders(services, builder.Configuration);
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section)
            .Validate(o => o.Lifetime > TimeSpan.Zero, "Sessions:Lifetime must be positive.").ValidateOnStart();
        services.AddSingleton<IValidateOptions<PhoneAuthOptions>, SecretsValidation>();
        services.AddSingleton<IValidateOptions<ParseOptions>, SecretsValidation>();
        if (builder.Environment.IsDevelopment()) DevelopmentKeys.Apply(services);

        services.AddPhoneAuthCore();
        services.AddPhoneAuthStorage();
        services.AddPhoneAuthJobs();
        services.AddPhoneAuthSms(builder.Configuration);
        services.AddParseDialect();
        services.AddLeanCloudDialect();
        // Where the dialects meet: one master key for the server unless the LeanCloud app's own is
        // configured, and two mounts that cannot overlap.
        services.AddOptions<LeanCloudOptions>().PostConfigure<IOptions<ParseOptions>>((o, parse) =>
        {
            if (string.IsNullOrEmpty(o.MasterKey)) o.MasterKey = parse.Value.MasterKey;
        }).Validate<IOptions<ParseOptions>>((o, parse) => !o.Enabled || !o.MountPath.Equals(parse.Value.MountPath, StringComparison.OrdinalIgnoreCase),
            "LeanCloud:MountPath must differ from Parse:MountPath.");
        AddCloudCodeAssemblies(services, builder.Configuration);
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        services.AddPhoneAuthConsole(builder.Configuration);
        services.AddHostedService<StartupReport>();
        builder.AddPhoneAuthObservability();
        return builder;
    }

    /// <summary>Trusts X-Forwarded-For and -Proto from the proxies in Network:KnownProxies and Network:KnownNetworks only.</summary>
    private static void AddForwardedHeaders(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section);
        var network = configuration.GetSection(NetworkOptions.Section).Get<NetworkOptions>() ?? new NetworkOptions();
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            // ASP.NET trusts loopback by default, in two lists; trust only what is configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // the obsolete list is still consulted by the middleware
            o.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
            foreach (var proxy in network.KnownProxies)
                o.KnownProxies.Add(System.Net.IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"Network:KnownProxies: '{proxy}' is not an IP address."));
            foreach (var range in network.KnownNetworks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(range, out var parsed) ? parsed
                    : throw new InvalidOperationException($"Network:KnownNetworks: '{range}' is not a network in CIDR form."));
        });
    }

    /// <summary>
    /// Loads application cloud code from the assemblies listed in <c>CloudCode:Assemblies</c>: every public
    /// <see cref="ICloudCodeModule"/>, <see cref="IAuthProvider"/>, <see cref="IChallengeVerifier"/> and
    /// <see cref="ISmsSender"/> in them is registered, so an application adds functions, triggers, authData
    /// providers, a captcha check and its own SMS gateway (named in Sms:Provider) without editing the server.
    /// </summary>
    private static void AddCloudCodeAssemblies(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var path in configuration.GetSection("CloudCode:Assemblies").Get<string[]>() ?? [])
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
            var types = assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();
            var modules = types.Where(typeof(ICloudCodeModule).IsAssignableFrom).ToList();
            var providers = types.Where(typeof(IAuthProvider).IsAssignableFrom).ToList();
            var challenges = types.Where(typeof(IChallengeVerifier).IsAssignableFrom).ToList();
            var senders = types.Where(typeof(ISmsSender).IsAssignableFrom).ToList();
            if (modules.Count + providers.Count + challenges.Count + senders.Count == 0)
                throw new InvalidOperationException($"CloudCode:Assemblies: {path} has no public ICloudCodeModule, IAuthProvider, IChallengeVerifier or ISmsSender.");
            foreach (var module in modules) services.AddSingleton(typeof(ICloudCodeModule), module);
            foreach (var provider in providers) services.AddSingleton(typeof(IAuthProvider), provider);
            foreach (var challenge in challenges) services.AddSingleton(typeof(IChallengeVerifier), challenge);
            foreach (var sender in senders)
            {
                // One instance per type, so a module of the same assembly can take the sender it sends through.
                services.AddSingleton(sender);
                services.AddSingleton(typeof(ISmsSender), sp => sp.GetRequiredService(sender));
            }
        }
    }
}
