using System.Runtime.Loader;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.Server.Dialects.Parse;
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
    /// <see cref="ICloudCodeModule"/> in them is registered, so an application adds functions without editing the server.
    /// </summary>
    private static void AddCloudCodeAssemblies(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var path in configuration.GetSection("CloudCode:Assemblies").Get<string[]>() ?? [])
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(Path.GetFullPath(path));
            var modules = assembly.GetExportedTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICloudCodeModule).IsAssignableFrom(t))
                .ToList();
            if (modules.Count == 0)
                throw new InvalidOperationException($"CloudCode:Assemblies: {path} has no public ICloudCodeModule.");
            foreach (var module in modules) services.AddSingleton(typeof(ICloudCodeModule), module);
        }
    }
}
