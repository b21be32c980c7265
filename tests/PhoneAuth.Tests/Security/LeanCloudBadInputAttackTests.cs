using System.Net;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;
using Xunit.Abstractions;
using static PhoneAuth.Tests.Security.BadInput;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// The LeanCloud dialect under the same seeded bad input: 1,000 requests on its routes with good,
/// forged, stale and replayed keys and sessions. None may be answered 5xx; every error is LeanCloud
/// JSON; the server still serves.
/// </summary>
public sealed class LeanCloudBadInputAttackTests(ITestOutputHelper output)
{
    private static readonly (string Method, string Path)[] Routes =
    [
        ("POST", "requestSmsCode"), ("POST", "verifySmsCode/{code}"), ("POST", "usersByMobilePhone"), ("POST", "requestLoginSmsCode"),
        ("POST", "login"), ("POST", "requestMobilePhoneVerify"), ("POST", "verifyMobilePhone/{code}"), ("POST", "requestPasswordResetBySmsCode"),
        ("PUT", "resetPasswordBySmsCode/{code}"), ("POST", "requestChangePhoneNumber"), ("POST", "changePhoneNumber"), ("POST", "users"),
        ("GET", "users/me"), ("GET", "users/{id}"), ("PUT", "users/{id}"), ("PUT", "classes/_User/{id}"), ("GET", "nowhere"),
    ];

    private static readonly string[] LeanCloudParams =
        ["mobilePhoneNumber", "smsCode", "code", "password", "username", "email", "smsType", "ttl", "validate_token", "mobilePhoneVerified", "authData", "ACL"];

    [Fact]
    public async Task AThousandBadRequestsGetNo5xxAndEveryErrorIsLeanCloudJson()
    {
        await using var host = await TestHost.StartAsync(LeanCloudClient.Settings(new() { ["Limits:SendsPerIpPerHour"] = "100000", ["Limits:AllowedCountryCodes:0"] = "*" }));
        var lc = new LeanCloudClient(host);
        var (token, id) = await lc.SignUpByPhoneAsync(Phones.NewMainland());
        var random = new Random(20261121);
        var tally = new BadInputTally(IsLeanCloudError, "LeanCloud JSON");

        for (var i = 0; i < 1000; i++)
        {
            var (method, path) = Routes[random.Next(Routes.Length)];
            path = path.Replace("{id}", random.Next(2) == 0 ? id : Uri.EscapeDataString(Pick(random, Nasty)))
                .Replace("{code}", Uri.EscapeDataString(random.Next(2) == 0 ? "123456" : Pick(random, Nasty)));
            var body = new JObject();
            foreach (var _ in Enumerable.Range(0, random.Next(0, 6))) body[Pick(random, random.Next(2) == 0 ? LeanCloudParams : Params)] = RandomValue(random, 0);
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(host.ServerUrl, "/1.1/" + path)) { Content = new ByteArrayContent(Body(random, body)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType(random));
            request.Headers.TryAddWithoutValidation("X-LC-Id", random.Next(20) == 0 ? "other-app" : LeanCloudClient.AppId);
            var now = host.Time.GetUtcNow();
            request.Headers.TryAddWithoutValidation(random.Next(5) == 0 ? "X-LC-Key" : "X-LC-Sign", random.Next(8) switch
            {
                0 => Ascii(Pick(random, Nasty)),
                1 => LeanCloudClient.Sign(now.AddHours(-1), LeanCloudClient.AppKey), // a replay
                2 => LeanCloudClient.Sign(now, "forged-key", master: true),
                _ => LeanCloudClient.Sign(now, LeanCloudClient.AppKey),
            });
            if (random.Next(3) == 0) request.Headers.TryAddWithoutValidation("X-LC-Session", random.Next(2) == 0 ? token : Ascii(Pick(random, Nasty)));
            await tally.SendAsync(host.Http, request);
        }

        var me = await lc.CallAsync(HttpMethod.Get, "users/me", session: token);
        Figures.Report(output, "Attack: 1,000 malformed, forged, replayed and injection requests on the LeanCloud dialect's routes (SQLite)",
            [.. tally.Figures(), ("users/me afterwards", (int)me.Status)]);

        tally.AssertClean(host.Logs);
        Assert.Equal(HttpStatusCode.OK, me.Status);
    }

    /// <summary>LeanCloud's error shape: {"code": number, "error": string}.</summary>
    private static bool IsLeanCloudError(string text)
    {
        try { return JToken.Parse(text) is JObject error && error["code"]?.Type == JTokenType.Integer && error["error"]?.Type == JTokenType.String; }
        catch (Newtonsoft.Json.JsonException) { return false; }
    }
}
