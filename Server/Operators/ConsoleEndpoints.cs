using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PhoneAuth.CloudFunctions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.Server.Dialects.Kernel;
using PhoneAuth.Server.Hosting;
using PhoneAuth.Server.Operators.Pages;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// Route table (only when the console is on; every route behind <see cref="ConsoleGate"/>):
///   GET  /console                                    → /console/users
///   GET  /console/login                 (no session) the sign-in form
///   POST /console/login                 (no session) master key → session cookie
///   GET  /console/assets/console.css, mudblazor.min.css (no session)
///   POST /console/logout
///   GET  /console/users?q=                           find by phone (whole or last digits), username, id
///   GET  /console/users/{id}                         a user: sessions, lockout, phone locks, sign-up method, last login
///   POST /console/users/{id}/sessions/{sessionId}/revoke
///   POST /console/users/{id}/unlock                  clear the account lockout
///   POST /console/users/{id}/phone-locks/clear       clear the phone's code-check locks
///   POST /console/users/{id}/verify-phone            mark the phone verified
///   GET  /console/sms?phone=&amp;provider=&amp;status=       the send log, per provider and per hour
///   GET  /console/conversion                         per hour, country, prefix; budgets
///   POST /console/conversion/clear                   clear a prefix in the conversion guard
///   GET  /console/data                               the classes
///   GET  /console/data/{className}?where=&amp;skip=      a class: schema, objects (the same where JSON), ACLs, a role's users
///   GET  /console/data/{className}/{id}              an object, and a form for changes (JSON, as the API's PUT body)
///   POST /console/data/{className}/{id}              apply the changes
///   POST /console/data/{className}/{id}/delete
///   GET  /console/jobs?job=                          the jobs defined and scheduled, and their runs (_JobStatus), newest first
/// </summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        if (!ConsoleServiceCollectionExtensions.IsEnabled(app.ServiceProvider)) return app;
        var console = app.MapGroup(ConsoleSessions.CookiePath).AddEndpointFilter<ConsoleGate>();
        console.MapGet("/", () => Results.Redirect("/console/users"));
        console.MapGet("/login", SignInPage).WithMetadata(ConsoleAnonymous.Instance);
        console.MapPost("/login", SignInAsync).WithMetadata(ConsoleAnonymous.Instance);
        console.MapGet("/assets/console.css", () => EmbeddedAssets.Serve("console.css", "text/css; charset=utf-8")).WithMetadata(ConsoleAnonymous.Instance);
        console.MapGet("/assets/mudblazor.min.css", () => EmbeddedAssets.Serve("mudblazor.min.css", "text/css; charset=utf-8")).WithMetadata(ConsoleAnonymous.Instance);
        console.MapPost("/logout", SignOut);
        console.MapGet("/users", FindUsersAsync);
        console.MapGet("/users/{id}", UserAsync);
        console.MapPost("/users/{id}/sessions/{sessionId}/revoke", RevokeSessionAsync);
        console.MapPost("/users/{id}/unlock", ClearLockoutAsync);
        console.MapPost("/users/{id}/phone-locks/clear", ClearPhoneLocksAsync);
        console.MapPost("/users/{id}/verify-phone", MarkVerifiedAsync);
        console.MapGet("/sms", SendsAsync);
        console.MapGet("/conversion", ConversionAsync);
        console.MapPost("/conversion/clear", ClearPrefixAsync);
        console.MapGet("/data", ClassesAsync);
        console.MapGet("/data/{className}", ClassAsync);
        console.MapGet("/data/{className}/{id}", ObjectAsync);
        console.MapPost("/data/{className}/{id}", UpdateObjectAsync);
        console.MapPost("/data/{className}/{id}/delete", DeleteObjectAsync);
        console.MapGet("/jobs", JobsAsync);
        return app;
    }

    private static IResult SignInPage(HttpContext http) => Page<SignInPage>(http, "login", signedIn: false);

    private static async Task<IResult> SignInAsync(HttpContext http, ConsoleSessions sessions, ConsoleSignInLimit limit, ILogger<ConsoleSessions> logger)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var ip = http.Connection.RemoteIpAddress?.ToString();
        if (await limit.RetryAfterAsync(ip, http.RequestAborted) is { } wait)
        {
            logger.LogWarning(LogEvents.ConsoleSignInRefused, "Console sign-in from {Ip} refused: too many wrong keys", ip);
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return ConsoleResults.Refusal(StatusCodes.Status429TooManyRequests, "Too many wrong keys from this address: try again later. / 此地址错误密钥过多，请稍后再试。");
        }
        if (!sessions.IsMasterKey(form["masterKey"]))
        {
            await limit.RecordFailureAsync(ip, http.RequestAborted);
            logger.LogWarning(LogEvents.ConsoleSignInRefused, "Console sign-in from {Ip} refused: wrong master key", ip);
            return Page<SignInPage>(http, "login", signedIn: false, new() { ["Refused"] = true }, StatusCodes.Status401Unauthorized);
        }
        sessions.SignIn(http);
        logger.LogInformation(LogEvents.ConsoleSignIn, "Console sign-in from {Ip}", http.Connection.RemoteIpAddress);
        return Results.Redirect("/console/users");
    }

    private static IResult SignOut(HttpContext http, ConsoleSessions sessions)
    {
        sessions.SignOut(http);
        return Results.Redirect("/console/login");
    }

    private static async Task<IResult> FindUsersAsync(HttpContext http, string? q, ConsoleUsers users) =>
        Page<UsersPage>(http, "users", parameters: new() { ["Search"] = q, ["Users"] = await users.FindAsync(q, Master(http), http.RequestAborted) });

    private static async Task<IResult> UserAsync(HttpContext http, string id, ConsoleUsers users) =>
        Page<UserPage>(http, "users", parameters: new() { ["Details"] = await users.DetailsAsync(id, Master(http), http.RequestAborted) });

    private static async Task<IResult> RevokeSessionAsync(HttpContext http, string id, string sessionId, ConsoleUsers users)
    {
        await users.RevokeSessionAsync(sessionId, Master(http), http.RequestAborted);
        return ConsoleResults.Back(UserPath(id), "Session revoked.");
    }

    private static async Task<IResult> ClearLockoutAsync(HttpContext http, string id, ConsoleUsers users)
    {
        await users.ClearLockoutAsync(id, Master(http), http.RequestAborted);
        return ConsoleResults.Back(UserPath(id), "Lockout cleared.");
    }

    private static async Task<IResult> ClearPhoneLocksAsync(HttpContext http, string id, ConsoleUsers users)
    {
        await users.ClearPhoneLocksAsync(id, Master(http), http.RequestAborted);
        return ConsoleResults.Back(UserPath(id), "Phone locks cleared.");
    }

    private static async Task<IResult> MarkVerifiedAsync(HttpContext http, string id, ConsoleUsers users)
    {
        await users.MarkPhoneVerifiedAsync(id, Master(http), http.RequestAborted);
        return ConsoleResults.Back(UserPath(id), "Phone marked verified.");
    }

    private static async Task<IResult> SendsAsync(HttpContext http, string? phone, string? provider, string? status, ConsoleSends sends) =>
        Page<SendsPage>(http, "sms", parameters: new() { ["View"] = await sends.ReadAsync(new SendsFilter(phone, provider, status), http.RequestAborted) });

    private static async Task<IResult> ConversionAsync(HttpContext http, ConsoleSends sends) =>
        Page<ConversionPage>(http, "conversion", parameters: new() { ["View"] = await sends.ConversionAsync(http.RequestAborted) });

    private static async Task<IResult> ClearPrefixAsync(HttpContext http, ConversionGuard guard)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        await guard.ClearAsync(form["prefix"].ToString(), Master(http), http.RequestAborted);
        return ConsoleResults.Back("/console/conversion", "Prefix cleared.");
    }

    private static async Task<IResult> ClassesAsync(HttpContext http, ConsoleData data) =>
        Page<ClassesPage>(http, "data", parameters: new() { ["Classes"] = await data.ClassesAsync(Master(http), http.RequestAborted) });

    private static async Task<IResult> ClassAsync(HttpContext http, string className, string? where, int? skip, ConsoleData data) =>
        Page<ClassPage>(http, "data", parameters: new() { ["View"] = await data.BrowseAsync(className, where, skip ?? 0, Master(http), http.RequestAborted) });

    private static async Task<IResult> ObjectAsync(HttpContext http, string className, string id, ConsoleData data) =>
        Page<ObjectPage>(http, "data", parameters: new() { ["Object"] = await data.GetAsync(className, id, Master(http), http.RequestAborted) });

    private static async Task<IResult> UpdateObjectAsync(HttpContext http, string className, string id, ConsoleData data)
    {
        var changes = (await http.Request.ReadFormAsync(http.RequestAborted))["changes"].ToString();
        var problem = await data.UpdateAsync(className, id, changes, Master(http), http.RequestAborted);
        if (problem is null) return ConsoleResults.Back($"/console/data/{Uri.EscapeDataString(className)}/{Uri.EscapeDataString(id)}", "Object saved.");
        var current = await data.GetAsync(className, id, Master(http), http.RequestAborted);
        return Page<ObjectPage>(http, "data", parameters: new() { ["Object"] = current, ["Changes"] = changes, ["Problem"] = problem },
            status: StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> DeleteObjectAsync(HttpContext http, string className, string id, ConsoleData data)
    {
        await data.DeleteAsync(className, id, Master(http), http.RequestAborted);
        return ConsoleResults.Back("/console/data/" + Uri.EscapeDataString(className), "Object deleted.");
    }

    private static async Task<IResult> JobsAsync(HttpContext http, string? job, ConsoleJobs jobs) =>
        Page<JobsPage>(http, "jobs", parameters: new() { ["View"] = await jobs.ReadAsync(job, Master(http), http.RequestAborted) });

    private static string UserPath(string id) => "/console/users/" + Uri.EscapeDataString(id);

    /// <summary>The console acts as the master key, which its session stands for.</summary>
    private static RequestContext Master(HttpContext http) => new()
    {
        IsMaster = true,
        Ip = http.Connection.RemoteIpAddress?.ToString(),
        Locale = Locales.FromRequest(http.Request),
    };

    private static IResult Page<TPage>(HttpContext http, string section, bool signedIn = true,
        Dictionary<string, object?>? parameters = null, int status = StatusCodes.Status200OK) where TPage : Microsoft.AspNetCore.Components.IComponent
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        var texts = new ConsoleTexts(Locales.FromRequest(http.Request));
        var done = http.Request.Query["done"].ToString();
        var frame = new ConsoleFrame(texts, tokens.FormFieldName, tokens.RequestToken!, signedIn, ConsoleTexts.Knows(done) ? texts[done] : null, section);
        var all = parameters ?? [];
        all["Frame"] = frame;
        return new RazorComponentResult<TPage>(all) { StatusCode = status };
    }
}
