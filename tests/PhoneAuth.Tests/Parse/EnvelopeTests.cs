using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Parse;

/// <summary>Keys by header and by the SDK's envelope, bodies whatever their type, _method tunnelling, CORS.</summary>
public sealed class EnvelopeTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> RawAsync(HttpMethod method, string path, string? body = null, string? contentType = null, params (string, string)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        var response = await _host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task HealthNeedsNoKeys()
    {
        var (status, body, _) = await RawAsync(HttpMethod.Get, "health");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"ok"}""", body);
    }

    [Fact]
    public async Task AMissingOrUnknownAppIdIs403Unauthorized()
    {
        var missing = await RawAsync(HttpMethod.Post, "functions/requestSmsCode", "{}");
        Assert.Equal(HttpStatusCode.Forbidden, missing.Status);
        Assert.Equal("""{"error":"unauthorized"}""", missing.Body);

        var unknown = await RawAsync(HttpMethod.Post, "functions/requestSmsCode", """{"_ApplicationId":"other"}""", "text/plain", ("X-Parse-Application-Id", "other"));
        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        Assert.Equal("""{"error":"unauthorized"}""", unknown.Body);
    }

    [Fact]
    public async Task ANonStringEnvelopeKeyIs403()
    {
        var (status, body, _) = await RawAsync(HttpMethod.Post, "users/me", $$"""{"_ApplicationId":"{{TestHost.AppId}}","_SessionToken":42,"_method":"GET"}""", "text/plain");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("""{"error":"unauthorized"}""", body);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task TheBodyIsJsonWhateverItsContentType(string? contentType)
    {
        var phone = Phones.NewMainland();
        var (status, body, _) = await RawAsync(HttpMethod.Post, "functions/requestSmsCode",
            $$"""{"_ApplicationId":"{{TestHost.AppId}}","phoneNumber":"{{phone}}"}""", contentType);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"result":{"resendAfter":60,"expiresIn":300}}""", body);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{} {}")]
    public async Task ABodyThatIsNotAJsonObjectIs107(string body)
    {
        var (status, text, _) = await RawAsync(HttpMethod.Post, "functions/requestSmsCode", body, "application/json", ("X-Parse-Application-Id", TestHost.AppId));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(107, (int)JObject.Parse(text)["code"]!);
    }

    [Fact]
    public async Task MethodOverrideTunnelsAGetThroughPost()
    {
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        var me = await _host.Client.SdkAsync("users/me", method: "GET", sessionToken: token);
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(token, (string?)me.Body["sessionToken"]);
    }

    [Fact]
    public async Task AnUnknownFunctionIs141()
    {
        (await _host.Client.CallAsync("noSuchFunction", new { }))
            .AssertError(HttpStatusCode.BadRequest, 141, "Invalid function: \"noSuchFunction\"");
    }

    [Fact]
    public async Task AnUnknownRouteIsAJson404()
    {
        (await _host.Client.RestAsync(HttpMethod.Post, "nowhere", new { }))
            .AssertError(HttpStatusCode.NotFound, 101, "Cannot POST /parse/nowhere");
        (await _host.Client.RestAsync(HttpMethod.Put, "logout"))
            .AssertError(HttpStatusCode.NotFound, 101, "Cannot PUT /parse/logout");
    }

    [Fact]
    public async Task ContextMustBeAnObject()
    {
        var ok = await _host.Client.SdkAsync("functions/noSuchFunction", new() { ["_context"] = new JObject { ["a"] = 1 } });
        Assert.Equal(141, ok.Code);
        var bad = await _host.Client.SdkAsync("functions/noSuchFunction", new() { ["_context"] = 5 });
        bad.AssertError(HttpStatusCode.BadRequest, 107, "Invalid object for context.");
    }

    [Fact]
    public async Task OptionsIsAnsweredWithCorsBeforeAnyKeyCheck()
    {
        var (status, body, response) = await RawAsync(HttpMethod.Options, "functions/requestSmsCode");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("OK", body);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("GET,PUT,POST,DELETE,OPTIONS", response.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Contains("X-Parse-Session-Token", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Fact]
    public async Task ExposedHeadersAreSeparatedByCommaAndSpaceOnEveryAnswer()
    {
        var (_, _, response) = await RawAsync(HttpMethod.Get, "health");
        Assert.Equal("X-Parse-Job-Status-Id, X-Parse-Push-Status-Id", response.Headers.GetValues("Access-Control-Expose-Headers").Single());
        var error = await RawAsync(HttpMethod.Post, "functions/x", "{}");
        Assert.Equal("X-Parse-Job-Status-Id, X-Parse-Push-Status-Id", error.Response.Headers.GetValues("Access-Control-Expose-Headers").Single());
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        var big = "{\"phoneNumber\":\"" + new string('1', 2 * 1024 * 1024) + "\"}";
        var (status, body, _) = await RawAsync(HttpMethod.Post, "functions/requestSmsCode", big, "application/json", ("X-Parse-Application-Id", TestHost.AppId));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(116, (int)JObject.Parse(body)["code"]!);
    }
}
