using System.Net;

namespace PhoneAuth.Server.Operators;

/// <summary>The console's plain answers: a refusal page with its status, and redirects within the console.</summary>
internal static class ConsoleResults
{
    public static IResult Refusal(int status, string message, bool signInLink = false)
    {
        var link = signInLink ? "<p><a href=\"/console/login\">Sign in / 登录</a></p>" : "";
        var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
            "<title>PhoneAuth console</title><link rel=\"stylesheet\" href=\"/console/assets/console.css\"></head><body><main class=\"narrow\">" +
            $"<h1>PhoneAuth</h1><p>{WebUtility.HtmlEncode(message)}</p>{link}</main></body></html>";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>After a form: back to a console page (303, so a reload does not post again).</summary>
    public static IResult Back(string path, string? notice = null) =>
        Results.Redirect(notice is null ? path : path + (path.Contains('?') ? "&" : "?") + "done=" + Uri.EscapeDataString(notice), permanent: false, preserveMethod: false);
}
