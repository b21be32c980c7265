using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.Sdk;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sdk;

/// <summary>The .NET SDK against the real server: the same wire as the JavaScript SDK's tests.</summary>
public sealed class SdkTests : IAsyncLifetime
{
    private TestHost _host = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _host = await TestHost.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private PhoneAuthClient NewClient(IClientStore? store = null) => new(_http, new PhoneAuthClientOptions
    {
        ServerUrl = new Uri(_host.ServerUrl, "."),
        ApplicationId = TestHost.AppId,
        Store = store ?? new InMemoryClientStore(),
    });

    [Fact]
    public async Task TheTutorialFlowMakesThePhoneUserCurrentAndLogOutEndsTheSession()
    {
        var client = NewClient();
        var phone = Phones.NewMainland();
        var sent = await client.RequestSmsCodeAsync(phone);
        Assert.Equal(TimeSpan.FromSeconds(60), sent.ResendAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), sent.ExpiresIn);

        var user = await client.SignUpOrLogInWithMobilePhoneAsync(phone, _host.Outbox.LatestCode(phone));
        Assert.Equal(phone, user.Phone);
        Assert.True(user.PhoneVerified);
        Assert.Matches("^r:[0-9a-f]{32}$", user.SessionToken!);
        Assert.Equal(user.ObjectId, (await client.GetCurrentUserAsync())!.ObjectId);
        var session = await client.GetCurrentSessionAsync();
        Assert.Equal(user.SessionToken, session.SessionToken);
        Assert.Equal(await client.GetInstallationIdAsync(), session.InstallationId);

        await client.LogOutAsync();
        Assert.Null(await client.GetCurrentUserAsync());
        var error = await Assert.ThrowsAsync<ParseException>(() => NewClient().BecomeAsync(user.SessionToken!));
        Assert.Equal(ParseErrorCodes.InvalidSessionToken, error.Code);
        Assert.Equal(400, error.HttpStatus);
    }

    [Fact]
    public async Task AFileStoreKeepsTheCurrentUserAndInstallationForTheNextRun()
    {
        var path = Path.Combine(_host.DataDirectory, "client-state.json");
        var first = NewClient(new FileClientStore(path));
        var user = await first.SignUpAsync("file-kept", "pw");
        var installation = await first.GetInstallationIdAsync();

        var next = NewClient(new FileClientStore(path));
        var restored = await next.GetCurrentUserAsync();
        Assert.Equal(user.ObjectId, restored!.ObjectId);
        Assert.Equal(user.SessionToken, restored.SessionToken);
        Assert.Equal(installation, await next.GetInstallationIdAsync());
        Assert.Equal("file-kept", (await next.FetchCurrentUserAsync()).Username);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task PasswordUsersSaveTheirFieldsAndAPasswordChangeAdoptsTheNewToken()
    {
        var client = NewClient();
        await client.SignUpAsync("saver", "old", new Dictionary<string, object?> { ["score"] = 1 });
        var other = NewClient();
        var elsewhere = await other.LogInAsync("saver", "old");

        var saved = await client.SaveCurrentUserAsync(new Dictionary<string, object?>
        {
            ["score"] = new { __op = "Increment", amount = 2 }, ["city"] = "Chengdu", ["tags"] = new[] { "a", "b" },
        });
        Assert.Equal(3, saved.Get<int>("score"));
        Assert.Equal("Chengdu", saved.Get<string>("city"));
        Assert.Equal(["a", "b"], saved.Get<string[]>("tags")!);

        var before = saved.SessionToken;
        var changed = await client.SaveCurrentUserAsync(new Dictionary<string, object?> { ["password"] = "new" });
        Assert.NotEqual(before, changed.SessionToken);
        Assert.Equal(changed.SessionToken, (await client.GetCurrentUserAsync())!.SessionToken);
        Assert.Equal(ParseErrorCodes.InvalidSessionToken, (await Assert.ThrowsAsync<ParseException>(() => other.FetchCurrentUserAsync())).Code);
        Assert.Equal(elsewhere.ObjectId, (await NewClient().LogInAsync("saver", "new")).ObjectId);
    }

    [Fact]
    public async Task EveryPhoneHelperWorks()
    {
        var client = NewClient();
        await client.SignUpAsync("phone-helper", "pw");
        async Task<string> CodeAsync(string? phone, string purpose, string to)
        {
            _host.Time.Advance(TimeSpan.FromMinutes(1));
            await client.RequestSmsCodeAsync(phone, purpose);
            return _host.Outbox.LatestCode(to);
        }
        var first = Phones.NewMainland();
        Assert.Equal(first, (await client.BindMobilePhoneAsync(first, await CodeAsync(first, CodePurposes.Bind, first))).Phone);
        var ticket = await client.VerifyMyPhoneAsync(await CodeAsync(null, CodePurposes.Verify, first));
        var second = Phones.NewMainland();
        var moved = await client.ChangeMobilePhoneAsync(ticket, second, await CodeAsync(second, CodePurposes.Change, second));
        Assert.Equal(second, moved.Phone);
        Assert.Equal(second, (await client.GetCurrentUserAsync())!.Phone);

        var phoneClient = NewClient();
        var loggedIn = await phoneClient.LogInWithMobilePhoneAsync(second, await CodeAsync(second, CodePurposes.Login, second));
        Assert.Equal(moved.ObjectId, loggedIn.ObjectId);
        Assert.Null((await client.UnbindMobilePhoneAsync(await CodeAsync(null, CodePurposes.Unbind, second))).Phone);

        var third = Phones.NewMainland();
        var registered = await NewClient().RegisterWithMobilePhoneAsync(third, await CodeAsync(third, CodePurposes.Register, third), "Nick");
        Assert.Equal("Nick", registered.Get<string>("nickname"));
        await client.ResetPasswordBySmsCodeAsync(third, await CodeAsync(third, CodePurposes.ResetPassword, third), "by-sms");
        Assert.Equal(registered.ObjectId, (await NewClient().LogInAsync(registered.Username!, "by-sms")).ObjectId);
    }

    [Fact]
    public async Task ErrorsCarryTheirParseCodeAndMessage()
    {
        var client = NewClient();
        async Task<ParseException> FailsAsync(Func<Task> call) => await Assert.ThrowsAsync<ParseException>(call);

        Assert.Equal(ParseErrorCodes.InvalidPhoneNumber, (await FailsAsync(() => client.RequestSmsCodeAsync("12345"))).Code);
        var phone = Phones.NewMainland();
        await client.RequestSmsCodeAsync(phone);
        var tooSoon = await FailsAsync(() => client.RequestSmsCodeAsync(phone));
        Assert.Equal(ParseErrorCodes.SmsTooFrequent, tooSoon.Code);
        Assert.StartsWith("Codes are requested too often", tooSoon.Message);
        Assert.Equal(ParseErrorCodes.SmsCodeInvalid, (await FailsAsync(() => client.SignUpOrLogInWithMobilePhoneAsync(phone, "000000"))).Code);
        Assert.Equal(ParseErrorCodes.ScriptFailed, (await FailsAsync(() => client.RunAsync<object>("noSuchFunction"))).Code);
        Assert.Equal(ParseErrorCodes.ValidationError, (await FailsAsync(() => client.RunAsync<object>("bindMobilePhone", new { phoneNumber = phone, code = "123456" }))).Code);
        // Without a current user, calls that need one fail here, before any request.
        Assert.Equal(ParseErrorCodes.InvalidSessionToken, (await FailsAsync(() => client.GetCurrentSessionAsync())).Code);

        var wrongApp = new PhoneAuthClient(_http, new PhoneAuthClientOptions { ServerUrl = new Uri(_host.ServerUrl, "."), ApplicationId = "other" });
        var unauthorized = await FailsAsync(() => wrongApp.RequestSmsCodeAsync(Phones.NewMainland()));
        Assert.Equal((ParseErrorCodes.OtherCause, 403, "unauthorized"), (unauthorized.Code, unauthorized.HttpStatus, unauthorized.Message));
    }

    [Fact]
    public async Task RunAsyncDeserialisesTheResultAndWorksThroughAnHttpClientFactory()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["CloudCode:Assemblies:0"] = Paths.SampleCloudCodeDll });
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new PhoneAuthClient(services.GetRequiredService<IHttpClientFactory>(),
            new PhoneAuthClientOptions { ServerUrl = new Uri(host.ServerUrl, "."), ApplicationId = TestHost.AppId });

        var result = await client.RunAsync<Dictionary<string, string>>("hello", new { name = "SDK" });
        Assert.Equal("Hello, SDK!", result!["greeting"]);
        Assert.Equal("hello", await client.RunAsync<string>("limitedHello"));
    }

    [Fact]
    public async Task AClientIsSafeToUseFromManyThreads()
    {
        var client = NewClient();
        await client.SignUpAsync("threads", "pw");
        var phones = Enumerable.Range(0, 20).Select(_ => Phones.NewMainland()).ToList();
        await Task.WhenAll(phones.Select(phone => Task.Run(async () =>
        {
            await client.RequestSmsCodeAsync(phone);
            Assert.Equal("threads", (await client.GetCurrentUserAsync())!.Username);
            await client.FetchCurrentUserAsync();
        })));
        Assert.Equal(20, _host.Outbox.Messages.Count);
    }

    [Fact]
    public async Task EveryCallHonoursItsCancellationToken()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewClient().RequestSmsCodeAsync(Phones.NewMainland(), cancellationToken: cancelled.Token));
    }
}
