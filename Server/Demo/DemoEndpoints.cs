using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Server.Hosting;
using PhoneAuth.Server.Sms;
using PhoneAuth.Server.Sms.Dev;

namespace PhoneAuth.Server.Demo;

/// <summary>
/// Route table (only when the demo is on):
///   GET /                the demo page: the tutorial's flow against this server's own Parse REST API
///   GET /demo/demo.js    its script, GET /demo/demo.css its style (served from the assembly, no CDN)
///   GET /demo/outbox     Development with the dev SMS provider only: the newest dev-outbox messages to one number
/// </summary>
public static class DemoEndpoints
{
    public static bool IsEnabled(IServiceProvider services) =>
        services.GetRequiredService<IOptions<DemoOptions>>().Value.Enabled ?? services.GetRequiredService<IHostEnvironment>().IsDevelopment();

    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder app)
    {
        if (!IsEnabled(app.ServiceProvider)) return app;
        app.MapGet("/", Page);
        app.MapGet("/demo/demo.js", () => EmbeddedAssets.Serve("demo.js", "text/javascript; charset=utf-8"));
        app.MapGet("/demo/demo.css", () => EmbeddedAssets.Serve("demo.css", "text/css; charset=utf-8"));
        if (ShowsOutbox(app.ServiceProvider)) app.MapGet("/demo/outbox", OutboxAsync);
        return app;
    }

    /// <summary>
    /// The outbox is shown only in Development with the dev provider: there no SMS leaves the machine, so showing
    /// the code gives nothing away. Anywhere else the page says to look at the phone.
    /// </summary>
    private static bool ShowsOutbox(IServiceProvider services) =>
        services.GetRequiredService<IHostEnvironment>().IsDevelopment()
        && services.GetRequiredService<IOptions<SmsOptions>>().Value.Chain.Contains("dev")
        && !string.IsNullOrEmpty(services.GetRequiredService<IOptions<DevSmsOptions>>().Value.OutboxPath);

    private static IResult Page(HttpContext http, IOptions<ParseOptions> parse)
    {
        // The page learns the app id and the mount from data attributes: the CSP allows no inline script.
        var html = EmbeddedAssets.ReadText("demo.html")
            .Replace("{{appId}}", WebUtility.HtmlEncode(parse.Value.AppId))
            .Replace("{{mount}}", WebUtility.HtmlEncode(parse.Value.MountPath))
            .Replace("{{outbox}}", ShowsOutbox(http.RequestServices) ? "on" : "off");
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>The newest five messages whose number ends in the digits typed (or whose digits end the typed ones).</summary>
    private static async Task<IResult> OutboxAsync(HttpContext http, string? phone, IOptions<DevSmsOptions> options, IHostEnvironment environment,
        CancellationToken cancellationToken)
    {
        // Only to this machine: a development server listens on every address, and the outbox holds live codes.
        if (http.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
            return Results.Json(new JsonObject { ["error"] = "The dev outbox is shown only to this machine." }, statusCode: StatusCodes.Status403Forbidden);
        var path = Path.GetFullPath(options.Value.OutboxPath!, environment.ContentRootPath);
        var digits = new string((phone ?? "").Where(char.IsAsciiDigit).ToArray());
        var found = new List<JsonObject>();
        if (digits.Length >= 4 && File.Exists(path))
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0 || JsonNode.Parse(line) is not JsonObject message) continue;
                var to = new string(((string?)message["to"] ?? "").Where(char.IsAsciiDigit).ToArray());
                if (to.Length == 0 || !(to.EndsWith(digits, StringComparison.Ordinal) || digits.EndsWith(to, StringComparison.Ordinal))) continue;
                found.Add(new JsonObject { ["to"] = (string?)message["to"], ["text"] = (string?)message["text"], ["at"] = (string?)message["at"] });
            }
        }
        var result = new JsonObject { ["outbox"] = path, ["messages"] = new JsonArray([.. found.TakeLast(5).Reverse()]) };
        return Results.Text(result.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "application/json; charset=utf-8");
    }
}
