using System.Net;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.Server.Dialects.LeanCloud;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.LeanCloud;

/// <summary>How the LeanCloud dialect knows its app: X-LC-Id with X-LC-Sign or X-LC-Key, as the SDKs send them.</summary>
public sealed class KeysTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings());
        _lc = new LeanCloudClient(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<WireResponse> MeWith(string header, string value) =>
        _lc.CallAsync(HttpMethod.Get, "users/me", auth: LeanCloudAuth.None, headers: new Dictionary<string, string> { ["X-LC-Id"] = LeanCloudClient.AppId, [header] = value });

    [Theory]
    [InlineData(LeanCloudAuth.Sign)]
    [InlineData(LeanCloudAuth.Key)]
    [InlineData(LeanCloudAuth.MasterSign)]
    [InlineData(LeanCloudAuth.MasterKey)]
    public async Task EveryWayTheSdksAndRestUsersProveTheAppIsAccepted(LeanCloudAuth auth)
    {
        // users/me without a session: the keys passed, and the dialect answers LeanCloud's 211.
        (await _lc.CallAsync(HttpMethod.Get, "users/me", auth: auth)).AssertError(HttpStatusCode.BadRequest, 211, "Could not find user.");
    }

    [Fact]
    public async Task OnlyTheMasterKeyOrItsSignatureActsAsMaster()
    {
        var phone = Phones.NewMainland();
        var (_, id) = await _lc.SignUpByPhoneAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await _lc.CallAsync(HttpMethod.Get, "users/" + id, auth: LeanCloudAuth.MasterSign)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _lc.CallAsync(HttpMethod.Get, "users/" + id, auth: LeanCloudAuth.MasterKey)).Status);
        (await _lc.CallAsync(HttpMethod.Get, "users/" + id, auth: LeanCloudAuth.Sign)).AssertError(HttpStatusCode.NotFound, 101, "Object not found.");
    }

    [Theory]
    [InlineData("X-LC-Key", "wrong-key")]
    [InlineData("X-LC-Key", "lc-test-app-key,master")]
    [InlineData("X-LC-Sign", "not-a-signature")]
    [InlineData("X-LC-Sign", "d5bcbb897e19b2f6633c716dfdfaf9be,1453014943466")]
    [InlineData("X-LC-Sign", "d5bcbb897e19b2f6633c716dfdfaf9be,abc,master")]
    public async Task AWrongKeyOrSignatureIs401(string header, string value)
    {
        (await MeWith(header, value)).AssertError(HttpStatusCode.Unauthorized, 401, "Unauthorized.");
    }

    [Fact]
    public async Task AnotherAppsIdOrNoKeyIs401()
    {
        var otherApp = await _lc.CallAsync(HttpMethod.Get, "users/me", auth: LeanCloudAuth.None,
            headers: new Dictionary<string, string> { ["X-LC-Id"] = "other-app", ["X-LC-Key"] = LeanCloudClient.AppKey });
        otherApp.AssertError(HttpStatusCode.Unauthorized, 401);
        (await _lc.CallAsync(HttpMethod.Get, "users/me", auth: LeanCloudAuth.None)).AssertError(HttpStatusCode.Unauthorized, 401);
    }

    [Fact]
    public async Task ASignatureFromOutsideTheAllowedClockSkewIsRefusedAsAReplay()
    {
        var now = _host.Time.GetUtcNow();
        Assert.Equal(211, (await MeWith("X-LC-Sign", LeanCloudClient.Sign(now.AddMinutes(-14), LeanCloudClient.AppKey))).Code);
        Assert.Equal(211, (await MeWith("X-LC-Sign", LeanCloudClient.Sign(now.AddMinutes(14), LeanCloudClient.AppKey))).Code);
        (await MeWith("X-LC-Sign", LeanCloudClient.Sign(now.AddMinutes(-16), LeanCloudClient.AppKey))).AssertError(HttpStatusCode.Unauthorized, 401);
        (await MeWith("X-LC-Sign", LeanCloudClient.Sign(now.AddMinutes(16), LeanCloudClient.AppKey))).AssertError(HttpStatusCode.Unauthorized, 401);
    }

    [Fact]
    public async Task WithoutAnAppIdTheDialectIsOffOutsideDevelopment()
    {
        await using var host = await TestHost.StartAsync();
        var answer = await new LeanCloudClient(host).CallAsync(HttpMethod.Post, "requestSmsCode", new { mobilePhoneNumber = Phones.NewMainland() });
        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Empty(host.Outbox.Messages);
    }

    [Fact]
    public async Task AnAppIdWithoutItsAppKeyStopsStartUp()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            TestHost.StartAsync(new Dictionary<string, string?> { ["LeanCloud:AppId"] = "app" }));
        Assert.Contains("LeanCloud:AppKey is required", error.Message);
    }

    [Fact]
    public void EveryCoreErrorHasALeanCloudCodeAndStatus()
    {
        foreach (var error in Enum.GetValues<AuthError>())
        {
            var entry = LeanCloudErrorMap.For(error);
            Assert.True(entry.Code > 0 && entry.English.Length > 0 && entry.Chinese.Length > 0, error.ToString());
            Assert.Equal(entry.Code switch { 101 => 404, 401 => 401, 403 => 403, 429 => 429, _ => 400 }, entry.Status);
        }
        Assert.Equal(215, LeanCloudErrorMap.For(AuthError.PhoneNotVerified).Code);
        Assert.Equal(219, LeanCloudErrorMap.For(AuthError.AccountLocked).Code);
    }
}
