using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.Server.Operators;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>The console's door over plain HTTP: sessions, CSRF, the IP allow-list, cookie flags, and no key in any log.</summary>
public sealed partial class ConsoleAccessTests
{
    private static Dictionary<string, string?> On(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Console:Enabled"] = "true" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task EveryConsoleRouteAnswers401WithoutASessionButTheSignInPageAndStylesheets()
    {
        await using var host = await TestHost.StartAsync(On());
        var routes = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/console", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method => (Endpoint: e, Method: method)))
            .ToList();
        var anonymous = routes.Where(r => r.Endpoint.Metadata.GetMetadata<ConsoleAnonymous>() is not null)
            .Select(r => r.Method + " " + r.Endpoint.RoutePattern.RawText).Order().ToList();
        Assert.Equal(["GET /console/assets/console.css", "GET /console/assets/mudblazor.min.css", "GET /console/login", "POST /console/login"], anonymous);

        var protectedRoutes = routes.Where(r => r.Endpoint.Metadata.GetMetadata<ConsoleAnonymous>() is null).ToList();
        Assert.True(protectedRoutes.Count >= 11, $"only {protectedRoutes.Count} protected console routes were found");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Http.BaseAddress };
        foreach (var (endpoint, method) in protectedRoutes)
        {
            var path = RouteParameter().Replace(endpoint.RoutePattern.RawText!, "x");
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST") request.Content = new FormUrlEncodedContent([new("prefix", "+86 138")]);
            // A forged cookie is no session either.
            request.Headers.Add("Cookie", ConsoleSessions.CookieName + "=forged");
            var response = await http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task AStateChangeNeedsTheCsrfTokenEvenWithASession()
    {
        await using var host = await TestHost.StartAsync(On(("Users:AccountLockout:Threshold", "1")));
        var user = await SignedUpUserAsync(host);
        var console = await ConsoleClient.SignInAsync(host);

        Assert.Equal(HttpStatusCode.Forbidden, (await console.PostAsync($"/console/users/{user}/unlock", csrf: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await console.PostAsync($"/console/users/{user}/unlock", csrf: "CfDJ8-not-a-token")).StatusCode);
        var done = await console.PostAsync($"/console/users/{user}/unlock", console.Csrf);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/console/users/{user}?done=Lockout%20cleared.", done.Headers.Location!.ToString());

        // Signing in needs it too (no login CSRF).
        using var fresh = new HttpClient { BaseAddress = host.Http.BaseAddress };
        var refused = await fresh.PostAsync("/console/login", new FormUrlEncodedContent([new("masterKey", TestHost.MasterKey)]));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task TheIpAllowListRefusesOtherAddressesEvenTheSignInPage()
    {
        await using (var elsewhere = await TestHost.StartAsync(On(("Console:AllowedIps:0", "203.0.113.0/24"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.Http.GetAsync("/console/login")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.Http.GetAsync("/console/users")).StatusCode);
        }
        await using var here = await TestHost.StartAsync(On(("Console:AllowedIps:0", "203.0.113.0/24"), ("Console:AllowedIps:1", "127.0.0.1")));
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync("/console/login")).StatusCode);
    }

    [Fact]
    public async Task TheSessionCookieIsHttpOnlySameSiteStrictScopedToTheConsoleAndSecureOverHttps()
    {
        // 127.0.0.1 is a trusted proxy here, so X-Forwarded-Proto: https makes the request HTTPS to the server.
        await using var host = await TestHost.StartAsync(On(("Network:KnownProxies:0", "127.0.0.1")));
        foreach (var https in new[] { false, true })
        {
            var console = await ConsoleClient.SignInAsync(host, https);
            var cookie = console.SignInResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(ConsoleSessions.CookieName + "=", StringComparison.Ordinal));
            var flags = cookie.Split(';').Skip(1).Select(f => f.Trim().ToLowerInvariant()).Order().ToList();
            Assert.Equal(https ? ["httponly", "path=/console", "samesite=strict", "secure"] : ["httponly", "path=/console", "samesite=strict"], flags);
            var csrfCookie = console.PageResponse.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("phoneauth-console-csrf=", StringComparison.Ordinal));
            Assert.Contains("samesite=strict", csrfCookie);
            Assert.Contains("httponly", csrfCookie);
            Assert.Contains("path=/console", csrfCookie);
        }
    }

    [Fact]
    public async Task AWrongKeyGetsNoSessionAndNoKeyEverReachesTheLogs()
    {
        await using var host = await TestHost.StartAsync(On());
        var wrongKey = "wrong-" + Guid.NewGuid().ToString("N");
        var refused = await ConsoleClient.SignInAsync(host, masterKey: wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.SignInResponse.StatusCode);
        Assert.DoesNotContain(refused.SignInResponse.Headers.TryGetValues("Set-Cookie", out var set) ? set : [], c => c.StartsWith(ConsoleSessions.CookieName + "=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await refused.GetAsync("/console/users")).StatusCode);

        var console = await ConsoleClient.SignInAsync(host);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/sms")).StatusCode);
        Assert.Contains(host.Logs.Lines, l => l.Contains("Console sign-in from", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Lines, l => l.Contains("Console sign-in from 127.0.0.1 refused", StringComparison.Ordinal));
        Assert.DoesNotContain(TestHost.MasterKey, host.Logs.All);
        Assert.DoesNotContain(wrongKey, host.Logs.All);
    }

    [Fact]
    public async Task ASessionEndsAfterThirtyIdleMinutesAndSlidesWhileUsed()
    {
        await using var host = await TestHost.StartAsync(On());
        var console = await ConsoleClient.SignInAsync(host);
        host.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/users")).StatusCode);
        host.Time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/users")).StatusCode);
        host.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/console/users")).StatusCode);
    }

    [Fact]
    public async Task ALinkCannotMakeTheConsoleSayAnythingButItsOwnNotices()
    {
        await using var host = await TestHost.StartAsync(On());
        var console = await ConsoleClient.SignInAsync(host);
        var forged = await (await console.GetAsync("/console/users?done=" + Uri.EscapeDataString("Your key expired: mail it to us"))).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"notice\"", forged);
        Assert.DoesNotContain("mail it", forged);
        Assert.Contains("<p class=\"notice\" id=\"notice\">Session revoked.</p>",
            await (await console.GetAsync("/console/users?done=" + Uri.EscapeDataString("Session revoked."))).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SigningOutEndsTheSessionInThisBrowser()
    {
        await using var host = await TestHost.StartAsync(On());
        var console = await ConsoleClient.SignInAsync(host);
        Assert.Equal(HttpStatusCode.Redirect, (await console.PostAsync("/console/logout", console.Csrf)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.GetAsync("/console/users")).StatusCode);
    }

    [Fact]
    public async Task TheConsoleIsOffOutsideDevelopmentUnlessConfigured()
    {
        await using var host = await TestHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/console/login")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/console/users")).StatusCode);
    }

    [Fact]
    public async Task TheConsoleRunsNoScriptUnderItsOwnPolicyAndTheApiKeepsItsOwn()
    {
        await using var host = await TestHost.StartAsync(On());
        var page = await host.Http.GetAsync("/console/login");
        Assert.Equal("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            string.Join("", page.Headers.GetValues("Content-Security-Policy")));
        Assert.DoesNotContain("<script", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var api = await host.Http.GetAsync("/parse/health");
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", string.Join("", api.Headers.GetValues("Content-Security-Policy")));
    }

    private static async Task<string> SignedUpUserAsync(TestHost host)
    {
        var token = await PhoneFlow.SignInAsync(host, Phones.NewMainland());
        return (string)(await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["objectId"]!;
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

/// <summary>Console sessions across processes: one key ring in Console:KeysPath, and the master key's fingerprint.</summary>
public sealed class ConsoleKeyRingTests
{
    [Fact]
    public async Task ASessionHoldsOnAnotherProcessSharingTheKeyRingAndEndsWhenTheMasterKeyChanges()
    {
        var keys = Directory.CreateTempSubdirectory("phoneauth-console-keys-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Console:Enabled"] = "true", ["Console:KeysPath"] = keys };
            await using var first = await TestHost.StartAsync(settings);
            var console = await ConsoleClient.SignInAsync(first);
            Assert.Equal(HttpStatusCode.OK, (await console.GetAsync("/console/users")).StatusCode);
            Assert.NotEmpty(Directory.GetFiles(keys, "key-*.xml"));

            await using var second = await TestHost.StartAsync(settings, dataDirectory: first.DataDirectory);
            Assert.Equal(HttpStatusCode.OK, (await console.At(second).GetAsync("/console/users")).StatusCode);

            var rotated = new Dictionary<string, string?>(settings) { ["Parse:MasterKey"] = "a-new-master-key" };
            await using var third = await TestHost.StartAsync(rotated, dataDirectory: first.DataDirectory);
            Assert.Equal(HttpStatusCode.Unauthorized, (await console.At(third).GetAsync("/console/users")).StatusCode);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }
}

/// <summary>Guessing the master key through the console's form.</summary>
public sealed class ConsoleSignInLimitTests
{
    [Fact]
    public async Task AnAddressWithTooManyWrongKeysIsRefusedEvenTheRightOneUntilTheWindowPasses()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Console:Enabled"] = "true",
            ["Console:MaxSignInFailures"] = "3",
            ["Console:SignInFailureWindow"] = "00:10:00",
        });
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleClient.SignInAsync(host, masterKey: "guess-" + i)).SignInResponse.StatusCode);

        var refused = (await ConsoleClient.SignInAsync(host)).SignInResponse;
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(10), refused.Headers.RetryAfter!.Delta);

        host.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleClient.SignInAsync(host)).SignInResponse.StatusCode);
    }
}
