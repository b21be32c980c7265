using System.Runtime.Loader;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Security;
using PhoneAuth.Server.Sms;
using PhoneAuth.Server.Storage;
using SessionOptions = PhoneAuth.CloudFunctions.Options.SessionOptions;

namespace PhoneAuth.Server.Hosting;

public static class PhoneAuthServerExtensions
{
    /// <summary>Everything the server needs: options, core, storage, SMS, the Parse dialect, cloud code.</summary>
    public static WebApplicationBuilder AddPhoneAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PhoneAuthOptions>().BindConfiguration(PhoneAuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.AccountLockout.Duration > TimeSpan.Zero, "Users:AccountLockout:Duration must be positive.").ValidateOnStart();
        services.AddSingleton<IPasswordHasher, PasswordHasher>();
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptions.Section)
            .Validate(o => o.Lifetime > TimeSpan.Zero, "Sessions:Lifetime must be positive.").ValidateOnStart();
        services.AddSingleton<IValidateOptions<PhoneAuthOptions>, SecretsValidation>();
        services.AddSingleton<IValidateOptions<ParseOptions>, SecretsValidation>();
        if (builder.Environment.IsDevelopment()) DevelopmentKeys.Apply(services);

        services.AddPhoneAuthCore();
        services.AddPhoneAuthStorage();
        services.AddPhoneAuthSms(builder.Configuration);
        services.AddParseDialect();
        AddCloudCodeAssemblies(services, builder.Configuration);
        services.AddHostedService<StartupReport>();
        return builder;
    }

    /// <summary>
    /// Loads application cloud code from the assemblies listed in <c>CloudCode:Assemblies</c>: every public
    /// <see cref="ICloudCodeModule"/> and <see cref="IAuthProvider"/> in them is registered, so an application
    /// adds functions, triggers and authData providers without editing the server.
    /// </summary>
    private static void AddCloudCodeAssemblies(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var path in configuration.GetSection("CloudCode:Assemblies").Get<string[]>() ?? [])
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
            var types = assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }).ToList();
            var modules = types.Where(typeof(ICloudCodeModule).IsAssignableFrom).ToList();
            var providers = types.Where(typeof(IAuthProvider).IsAssignableFrom).ToList();
            if (modules.Count + providers.Count == 0)
                throw new InvalidOperationException($"CloudCode:Assemblies: {path} has no public ICloudCodeModule or IAuthProvider.");
            foreach (var module in modules) services.AddSingleton(typeof(ICloudCodeModule), module);
            foreach (var provider in providers) services.AddSingleton(typeof(IAuthProvider), provider);
        }
    }
}
