using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Functions;

/// <summary>The Parse.Cloud.define-style API: what a function receives, its validator, its errors.</summary>
public sealed class CloudFunctionTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(services: s => s.AddSingleton<ICloudCodeModule, TestModule>());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private sealed class TestModule : ICloudCodeModule
    {
        public void Register(CloudFunctionRegistry cloud)
        {
            cloud.Define("echo", request => new JsonObject
            {
                ["functionName"] = request.FunctionName,
                ["params"] = request.Params.DeepClone(),
                ["user"] = request.User?.Id,
                ["master"] = request.Master,
                ["installationId"] = request.InstallationId,
                ["ip"] = request.Ip,
                ["header"] = request.Headers.TryGetValue("X-Custom", out var custom) ? custom : null,
                ["context"] = request.Context.DeepClone(),
            });
            cloud.Define("userOnly", _ => "ok", new CloudFunctionRules { RequireUser = true });
            cloud.Define("masterOnly", _ => "ok", new CloudFunctionRules { RequireMaster = true });
            cloud.Define("typed", request => request.Params["size"]?.DeepClone(), new CloudFunctionRules
            {
                Fields = new Dictionary<string, FieldRule>
                {
                    ["size"] = new() { Type = FieldType.String, Required = true, Options = ["S", "M", "L"] },
                    ["count"] = new() { Type = FieldType.Number, Default = 1 },
                    ["even"] = new() { Type = FieldType.Number, Check = v => v!.GetValue<double>() % 2 == 0, Error = "even must be even." },
                },
            });
            cloud.Define("customValidator", _ => "ok", new CloudFunctionRules
            {
                Validate = request => request.GetString("word") == "please" ? Task.CompletedTask : throw new InvalidOperationException("Say please."),
            });
            cloud.Define("parseError", _ => throw new CloudFunctionException(101, "Nothing here."));
            cloud.Define("plainError", _ => throw new InvalidOperationException("Something broke."));
            cloud.Define("limited", _ => "ok", new CloudFunctionRules
            {
                RateLimit = new FunctionRateLimit { RequestCount = 2, RequestTimeWindow = TimeSpan.FromMinutes(1), ErrorResponseMessage = "Slow down." },
            });
            cloud.Define("dates", _ => new { When = new DateTimeOffset(2024, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), Count = 3 });
        }
    }

    [Fact]
    public async Task AFunctionReceivesParamsUserMasterInstallationIpHeadersAndContext()
    {
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        var answer = await _host.Client.SdkAsync("functions/echo",
            new() { ["a"] = 1, ["nested"] = new JObject { ["b"] = new JArray(true, "x") }, ["_context"] = new JObject { ["trace"] = "t1" } },
            sessionToken: token, installationId: "44444444-4444-4444-8444-444444444444");

        var result = answer.Body["result"]!;
        Assert.Equal("echo", (string?)result["functionName"]);
        Assert.Equal(JObject.Parse("""{"a":1,"nested":{"b":[true,"x"]}}"""), result["params"]);
        Assert.Equal((string?)me.Body["objectId"], (string?)result["user"]);
        Assert.False((bool)result["master"]!);
        Assert.Equal("44444444-4444-4444-8444-444444444444", (string?)result["installationId"]);
        Assert.Equal("127.0.0.1", (string?)result["ip"]);
        Assert.Equal(JObject.Parse("""{"trace":"t1"}"""), result["context"]);
    }

    [Fact]
    public async Task HeadersAndQueryParametersReachTheFunction()
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "functions/echo?fromQuery=yes", new { }, master: true,
            headers: new Dictionary<string, string> { ["X-Custom"] = "hi" });
        Assert.Equal("hi", (string?)answer.Body["result"]!["header"]);
        Assert.True((bool)answer.Body["result"]!["master"]!);
        Assert.Equal("yes", (string?)answer.Body["result"]!["params"]!["fromQuery"]);
    }

    [Fact]
    public async Task RequireUserAndRequireMasterAre142()
    {
        (await _host.Client.CallAsync("userOnly", new { }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please login to continue.");
        (await _host.Client.CallAsync("masterOnly", new { }))
            .AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Master key is required to complete this request.");
        Assert.Equal("ok", (string?)(await _host.Client.RestAsync(HttpMethod.Post, "functions/masterOnly", new { }, master: true)).Body["result"]);
        Assert.Equal("ok", (string?)(await _host.Client.SdkAsync("functions/masterOnly", master: true)).Body["result"]);
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        Assert.Equal("ok", (string?)(await _host.Client.CallAsync("userOnly", new { }, token)).Body["result"]);
    }

    [Fact]
    public async Task AWrongMasterKeyIsIgnoredNotAccepted()
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "functions/masterOnly", new { },
            headers: new Dictionary<string, string> { ["X-Parse-Master-Key"] = "wrong" });
        Assert.Equal(142, answer.Code);
    }

    [Fact]
    public async Task FieldRulesCheckTypeRequiredOptionsDefaultsAndPredicates()
    {
        (await _host.Client.CallAsync("typed", new { })).AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Please specify data for size.");
        (await _host.Client.CallAsync("typed", new { size = 3 })).AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Invalid type for size. Expected: String");
        (await _host.Client.CallAsync("typed", new { size = "XL" })).AssertError(HttpStatusCode.BadRequest, 142, "Validation failed. Invalid option for size. Expected: \"S\", \"M\", \"L\"");
        (await _host.Client.CallAsync("typed", new { size = "M", even = 3 })).AssertError(HttpStatusCode.BadRequest, 142, "even must be even.");
        Assert.Equal("M", (string?)(await _host.Client.CallAsync("typed", new { size = "M", even = 4 })).Body["result"]);
    }

    [Fact]
    public async Task TheMasterKeySkipsTheValidatorAsInParse()
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "functions/typed", new { }, master: true);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task ACustomValidatorsMessageIsAnswered142()
    {
        (await _host.Client.CallAsync("customValidator", new { word = "now" })).AssertError(HttpStatusCode.BadRequest, 142, "Say please.");
        Assert.Equal("ok", (string?)(await _host.Client.CallAsync("customValidator", new { word = "please" })).Body["result"]);
    }

    [Fact]
    public async Task AnErrorWithACodeKeepsItAndAnyOtherIs141WithItsMessage()
    {
        (await _host.Client.CallAsync("parseError", new { })).AssertError(HttpStatusCode.NotFound, 101, "Nothing here.");
        (await _host.Client.CallAsync("plainError", new { })).AssertError(HttpStatusCode.BadRequest, 141, "Something broke.");
    }

    [Fact]
    public async Task APerFunctionRateLimitIs429Code100WithRetryAfter()
    {
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.CallAsync("limited", new { })).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.CallAsync("limited", new { })).Status);
        var third = await _host.Client.CallAsync("limited", new { });
        third.AssertError(HttpStatusCode.TooManyRequests, 100, "Slow down.");
        Assert.Equal("60", third.Headers.RetryAfter?.ToString());
        _host.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.CallAsync("limited", new { })).Status);
    }

    [Fact]
    public async Task ResultsAreEncodedAsParseEncodesThem()
    {
        var answer = await _host.Client.CallAsync("dates", new { });
        Assert.Equal("""{"result":{"when":{"__type":"Date","iso":"2024-01-02T03:04:05.678Z"},"count":3}}""", answer.Raw);
    }
}
