using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.Server.Hosting;
using PhoneAuth.Server.Storage;
using PhoneAuth.Server.Storage.Sql;

namespace PhoneAuth.Server.Import;

/// <summary>
/// <c>PhoneAuth.Server import &lt;source&gt; &lt;file or connection string&gt; [options]</c>: imports users
/// into the database the server is configured for (Storage:*, from appsettings.json and the
/// environment, as for serving); it needs no key or secret. Prints what it did; exits 0, 1 when a row was
/// rejected or needs the operator (a number several rows claim), 2 on misuse.
/// </summary>
public static class ImportCommand
{
    public const string Usage = """
        Usage: PhoneAuth.Server import <source> <input> [--dry-run] [--keep-public-read] [--phone-field <name>] [--trust-phones]
          leancloud <_User.jsonl>                 LeanCloud's _User export (JSON lines; passwords keep working)
          parse-json <file.json>                  Parse Server's _User as JSON: mongoexport, a JSON array or {"results": [...]}
          parse-postgres "<connection string>"   a Parse Server database on PostgreSQL (Npgsql form: Host=…;Database=…)
          --dry-run           check every row and report, write nothing
          --keep-public-read  keep the public read ("*": {"read": true}) that imported ACLs grant; by default it
                              is removed, as users here are private (Parse Server before 6 made them public)
          --phone-field name  Parse sources: the field holding the number (default "phone", else "mobilePhoneNumber")
          --trust-phones      Parse sources: mark every number verified. By default none is: Parse Server lets
                              users write their own fields, phone and phoneVerified included. LeanCloud's
                              mobilePhoneVerified is set by LeanCloud's server, and is kept.
        A number that several rows claim is given to none of them: each is imported without it, and reported.
        A bcrypt hash above Users:MaxBcryptCost is imported, never checked, and reported: its user must reset the password.
        The target database comes from the server's configuration (Storage:Provider, Storage:ConnectionString).
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var (source, input, options, parseOptions, rest) = Parse(args);
        if (source is null || input is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        IAsyncEnumerable<ImportRow> rows;
        switch (source)
        {
            case "leancloud" when File.Exists(input): rows = LeanCloudUserExport.ReadAsync(input); break;
            case "parse-json" when File.Exists(input): rows = ParseUserExport.ReadAsync(input, parseOptions); break;
            case "parse-postgres": rows = ParsePostgresUsers.ReadAsync(input, parseOptions); break;
            case "leancloud" or "parse-json":
                Console.Error.WriteLine($"No such file: {input}");
                return 2;
            default:
                Console.Error.WriteLine($"Unknown source \"{source}\".\n{Usage}");
                return 2;
        }

        // Only configuration, logging and storage: an import needs none of the serving secrets.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = rest, ContentRootPath = PhoneAuthApp.ContentRoot() });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddPhoneAuthStorage();
        builder.Services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.Section).ValidateDataAnnotations();
        using var host = builder.Build();
        var services = host.Services;
        int maxBcryptCost;
        try
        {
            maxBcryptCost = services.GetRequiredService<IOptions<UsersOptions>>().Value.MaxBcryptCost;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("Cannot import: " + string.Join(" ", ex.Failures));
            return 2;
        }
        await services.GetRequiredService<SqlSchemaMigrator>().MigrateAsync(CancellationToken.None);
        var importer = new UserImporter(
            services.GetRequiredService<IUserStore>(),
            builder.Configuration["PhoneAuth:DefaultCountryCode"] ?? "86",
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILogger<UserImporter>>());
        var report = await importer.ImportAsync(rows, options with { MaxBcryptCost = maxBcryptCost }, CancellationToken.None);

        Console.WriteLine($"{(options.DryRun ? "Would import" : "Imported")} {report.Imported} users, {report.AlreadyPresent} already present, {report.Rejected.Count} rejected.");
        if (report.PublicReadRemoved > 0)
            Console.WriteLine($"{(options.DryRun ? "Would remove" : "Removed")} public read from the ACL of {report.PublicReadRemoved} users (--keep-public-read keeps it).");
        foreach (var line in report.Rejected) Console.WriteLine("  rejected " + line);
        foreach (var line in report.Warnings) Console.WriteLine("  warning " + line);
        return report.Rejected.Count == 0 && report.Warnings.Count == 0 ? 0 : 1;
    }

    private static (string? Source, string? Input, ImportOptions Options, ParseUserExport.Options ParseOptions, string[] HostArgs) Parse(string[] args)
    {
        string? source = null, input = null;
        var import = new ImportOptions(DryRun: false, KeepPublicRead: false, MaxBcryptCost: new UsersOptions().MaxBcryptCost);
        var options = new ParseUserExport.Options();
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run": import = import with { DryRun = true }; break;
                case "--keep-public-read": import = import with { KeepPublicRead = true }; break;
                case "--trust-phones": options = options with { TrustPhones = true }; break;
                case "--phone-field" when i + 1 < args.Length: options = options with { PhoneField = args[++i] }; break;
                case var arg when arg.StartsWith("--", StringComparison.Ordinal): rest.Add(arg); if (i + 1 < args.Length) rest.Add(args[++i]); break;
                case var arg when source is null: source = arg; break;
                case var arg when input is null: input = arg; break;
                default: return (null, null, import, options, []);
            }
        }
        return (source, input, import, options, [.. rest]);
    }
}
