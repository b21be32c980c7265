using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Context;
using PhoneAuth.Server.Dialects.Parse;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>The challenge hook before codes are sent, Parse Server's per-route rate limits, and the security headers.</summary>
public sealed class ChallengeAndRouteLimitTests
{
    /// <summary>A captcha service in miniature: a token is good once.</summary>
    private sealed class OneTimeTokens : IChallengeVerifier
    {
        private readonly HashSet<string> _valid = ["pass-1", "pass-2"];

        public Task<bool> VerifyAsync(string token, RequestContext caller, CancellationToken cancellationToken)
        {
            lock (_valid) return Task.FromResult(_valid.Remove(token));
        }
    }

    [Fact]
    public async Task WithChallengesOnACodeNeedsAValidTokenExceptForTheMasterKey()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Limits:RequireChallenge"] = "true" },
            services: s => s.AddSingleton<IChallengeVerifier, OneTimeTokens>());
        const string message = "A valid challenge token (challengeToken) is required to request a code.";
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() })).AssertError(HttpStatusCode.BadRequest, 608, message);
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland(), challengeToken = "forged" })).AssertError(HttpStatusCode.BadRequest, 608, message);
        Assert.Empty(host.Outbox.Messages);

        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland(), challengeToken = "pass-1" })).Status);
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland(), challengeToken = "pass-1" })).AssertError(HttpStatusCode.BadRequest, 608);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "functions/requestSmsCode", new { phoneNumber = Phones.NewMainland() }, master: true)).Status);
    }

    [Fact]
    public async Task RequiringChallengesWithoutAVerifierStopsStartUp()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartAsync(new Dictionary<string, string?> { ["Limits:RequireChallenge"] = "true" }));
        Assert.Contains("Limits:RequireChallenge", error.Message);
    }

    private static Dictionary<string, string?> Limit(int index, string path, int count, string? methods = null, string? zone = null, bool includeMaster = false)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Parse:RateLimits:{index}:RequestPath"] = path,
            [$"Parse:RateLimits:{index}:RequestTimeWindow"] = "00:01:00",
            [$"Parse:RateLimits:{index}:RequestCount"] = count.ToString(),
            [$"Parse:RateLimits:{index}:ErrorResponseMessage"] = "Slow down, please.",
            [$"Parse:RateLimits:{index}:IncludeMasterKey"] = includeMaster.ToString(),
        };
        if (methods is not null) settings[$"Parse:RateLimits:{index}:RequestMethods:0"] = methods;
        if (zone is not null) settings[$"Parse:RateLimits:{index}:Zone"] = zone;
        return settings;
    }

    [Fact]
    public async Task ARouteLimitIs429Code100WithRetryAfterAndSkipsTheMasterKey()
    {
        await using var host = await TestHost.StartAsync(Limit(0, "/functions/*name", 2));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() })).Status);
        Assert.Equal(141, (await host.Client.CallAsync("noSuchFunction", new { })).Code);
        var refused = await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        refused.AssertError(HttpStatusCode.TooManyRequests, 100, "Slow down, please.");
        Assert.Equal("60", refused.Headers.RetryAfter?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "functions/requestSmsCode", new { phoneNumber = Phones.NewMainland() }, master: true)).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Get, "health")).Status);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() })).Status);
    }

    [Fact]
    public async Task ARouteLimitHonoursMethodsAfterTheSdkOverrideAndTheUserZone()
    {
        var settings = Limit(0, "/users{/*id}", 1, methods: "GET", zone: "user");
        await using var host = await TestHost.StartAsync(settings);
        var a = (string)(await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "zone-a", password = "pw" })).Body["sessionToken"]!;
        var b = (string)(await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "zone-b", password = "pw" })).Body["sessionToken"]!;

        Assert.Equal(HttpStatusCode.OK, (await host.Client.SdkAsync("users/me", method: "GET", sessionToken: a)).Status);
        Assert.Equal(429, (int)(await host.Client.SdkAsync("users/me", method: "GET", sessionToken: a)).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SdkAsync("users/me", method: "GET", sessionToken: b)).Status);
        Assert.Equal(HttpStatusCode.Created, (await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "zone-c", password = "pw" })).Status);
    }

    [Theory]
    [InlineData("/functions/requestSmsCode", "/functions/requestSmsCode", true)]
    [InlineData("/functions/requestSmsCode", "/FUNCTIONS/requestsmscode", true)]
    [InlineData("/functions/requestSmsCode", "/functions/requestSmsCodeX", false)]
    [InlineData("/functions/*path", "/functions/a/b", true)]
    [InlineData("/users{/*id}", "/users", true)]
    [InlineData("/users{/*id}", "/users/abc", true)]
    [InlineData("/users/:id", "/users/abc", true)]
    [InlineData("/users/:id", "/users/abc/def", false)]
    [InlineData("/login", "/login/", true)]
    public void RoutePatternsFollowPathToRegexp(string pattern, string path, bool matches) =>
        Assert.Equal(matches, ParseRateLimits.Pattern(pattern).IsMatch(path));

    [Fact]
    public async Task AnInvalidRouteLimitStopsStartUp()
    {
        var settings = Limit(0, "functions/x", 1);
        await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => TestHost.StartAsync(settings));
    }

    [Fact]
    public async Task EveryAnswerCarriesTheSecurityHeadersAndHttpsOnesAskForHsts()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Network:KnownProxies:0"] = "127.0.0.1" });
        var plain = await host.Client.CallAsync("noSuchFunction", new { });
        Assert.Equal("nosniff", plain.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", plain.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", plain.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("no-store", plain.Headers.CacheControl?.ToString());
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", plain.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));

        var viaTls = await host.Client.RestAsync(HttpMethod.Get, "health", headers: new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });
        Assert.Equal("max-age=31536000", viaTls.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
