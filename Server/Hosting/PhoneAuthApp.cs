using Microsoft.Extensions.Options;
using PhoneAuth.Server.Demo;
using PhoneAuth.Server.Dialects.LeanCloud;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Observability;
using PhoneAuth.Server.Operators;

namespace PhoneAuth.Server.Hosting;

/// <summary>Builds the server. Program.cs and the tests start this very same app.</summary>
public static class PhoneAuthApp
{
    /// <param name="args">Command-line arguments (configuration overrides such as --urls).</param>
    /// <param name="configure">Runs before the server's services are added: tests add configuration and replacements here.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ContentRoot(),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls("http://0.0.0.0:1337");
        configure?.Invoke(builder);
        builder.AddPhoneAuth();

        var app = builder.Build();
        // With no trusted proxy configured, ASP.NET would honour X-Forwarded-For from anyone: use it only when some are.
        var network = app.Services.GetRequiredService<IOptions<NetworkOptions>>().Value;
        if (network.KnownProxies.Count + network.KnownNetworks.Count > 0) app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseParseDialect();
        app.UseLeanCloudDialect();
        app.UseRouting();
        app.MapParseDialect();
        app.MapLeanCloudDialect();
        app.MapPhoneAuthObservability();
        app.MapDemo();
        app.MapConsole();
        return app;
    }

    /// <summary>
    /// The folder holding appsettings.json, against which relative paths (the SQLite file, the dev
    /// outbox) are resolved: the current folder, else its parent (<c>dotnet run --project Server</c>
    /// runs in Server/, under the repository root), else the build output, which carries a copy.
    /// </summary>
    internal static string ContentRoot()
    {
        var current = Directory.GetCurrentDirectory();
        var parent = Path.GetDirectoryName(current);
        foreach (var folder in new[] { current, parent })
        {
            if (folder is not null && File.Exists(Path.Combine(folder, "appsettings.json"))) return folder;
        }
        return AppContext.BaseDirectory;
    }
}
