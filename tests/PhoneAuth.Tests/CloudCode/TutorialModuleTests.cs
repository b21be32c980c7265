using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.CloudCode;

/// <summary>
/// The tutorial's cloud code rewritten in C# (tests/PhoneAuth.TutorialCloudCode), loaded as an app's
/// assembly through CloudCode:Assemblies, end to end after a real phone sign-in, on each engine.
/// </summary>
public abstract class TutorialModuleTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(new Dictionary<string, string?> { ["CloudCode:Assemblies:0"] = Paths.TutorialCloudCodeDll }, engine: engine);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EachUserHasOnePrivateProfileAndTheMasterKeyFindsItByPhone()
    {
        var alicePhone = Phones.NewMainland();
        var alice = await PhoneFlow.SignInAsync(_host, alicePhone);
        var bob = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());

        var first = await _host.Client.RunAsync("saveMyProfile", new { nickname = "Ada" }, alice);
        var second = await _host.Client.RunAsync("saveMyProfile", new { nickname = "Ada L." }, alice);
        Assert.Equal((string?)first["objectId"], (string?)second["objectId"]); // one object per user
        Assert.Equal(2, (int)second["saves"]!);
        Assert.Equal("Ada L.", (string?)await _host.Client.RunAsync("myProfile", new { }, alice));
        Assert.Null((string?)await _host.Client.RunAsync("myProfile", new { }, bob));

        // The private ACL holds over REST too: another user cannot read it, nor can an anonymous caller.
        var id = (string)first["objectId"]!;
        (await _host.Client.RestAsync(HttpMethod.Get, "classes/Profile/" + id, sessionToken: bob)).AssertError(HttpStatusCode.NotFound, 101);
        (await _host.Client.RestAsync(HttpMethod.Get, "classes/Profile/" + id)).AssertError(HttpStatusCode.NotFound, 101);

        (await _host.Client.CallAsync("findUserByPhone", new { phoneNumber = alicePhone }, alice)).AssertError(HttpStatusCode.BadRequest, 142);
        var found = await _host.Client.RestAsync(HttpMethod.Post, "functions/findUserByPhone", new { phoneNumber = alicePhone }, master: true);
        Assert.True(found.Status == HttpStatusCode.OK, found.Raw);
        Assert.Equal("Ada L.", (string?)found.Body["result"]!["nickname"]);
        Assert.Equal(alicePhone, (string?)found.Body["result"]!["owner"]); // a phone sign-up's username is its number
        Assert.True((bool)found.Body["result"]!["phoneVerified"]!);
    }
}

public sealed class TutorialModuleTestsOnSqlite() : TutorialModuleTests(StorageEngine.Sqlite);

public sealed class TutorialModuleTestsOnPostgres() : TutorialModuleTests(StorageEngine.Postgres);
