using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace PhoneAuth.Server.Operators;

public static class ConsoleServiceCollectionExtensions
{
    public static bool IsEnabled(IServiceProvider services) =>
        services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled ?? services.GetRequiredService<IHostEnvironment>().IsDevelopment();

    /// <summary>The console's options, sessions, CSRF, pages (Razor components rendered on the server) and MudBlazor's charts.</summary>
    public static IServiceCollection AddPhoneAuthConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section)
            .Validate(o => o.SessionIdleTimeout > TimeSpan.Zero && o.SessionMaxLifetime >= o.SessionIdleTimeout,
                "Console:SessionIdleTimeout must be positive and at most Console:SessionMaxLifetime.")
            .Validate(o => o.MaxSignInFailures > 0 && o.SignInFailureWindow > TimeSpan.Zero,
                "Console:MaxSignInFailures and Console:SignInFailureWindow must be positive.")
            .Validate(o => o.AllowedIps.All(ip => ip.Contains('/') ? System.Net.IPNetwork.TryParse(ip, out _) : System.Net.IPAddress.TryParse(ip, out _)),
                "Console:AllowedIps must hold IP addresses (\"203.0.113.9\") or networks (\"10.0.0.0/8\").")
            .ValidateOnStart();
        var dataProtection = services.AddDataProtection().SetApplicationName("PhoneAuth");
        if (configuration.GetSection(ConsoleOptions.Section)[nameof(ConsoleOptions.KeysPath)] is { Length: > 0 } keys)
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "phoneauth-console-csrf";
            o.Cookie.Path = ConsoleSessions.CookiePath;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddRazorComponents();
        services.AddMudServices();
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<ConsoleUsers>();
        services.AddSingleton<ConsoleSends>();
        services.AddSingleton<ConsoleData>();
        services.AddSingleton<ConsoleJobs>();
        services.AddSingleton<ConsoleSignInLimit>();
        return services;
    }
}
