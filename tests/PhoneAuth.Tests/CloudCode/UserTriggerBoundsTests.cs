using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.CloudCode;

/// <summary>_User's triggers run through the same invoker as every class's: the same timeout, the same answers.</summary>
public abstract class UserTriggerBoundsTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(
        new Dictionary<string, string?> { ["CloudCode:TriggerTimeout"] = "00:00:00.300" },
        services: s => s.AddSingleton<ICloudCodeModule, Module>(), engine: engine);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private sealed class Module : ICloudCodeModule
    {
        public void Register(CloudFunctionRegistry cloud)
        {
            cloud.BeforeLogin(async request =>
            {
                if (request.Object.Username.StartsWith("slow", StringComparison.Ordinal)) await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
            });
            cloud.BeforeSave(CloudFunctionRegistry.UserClass, request =>
            {
                request.Object.Fields["checked"] = true;
                return Task.CompletedTask;
            }, new CloudFunctionRules { Fields = new Dictionary<string, FieldRule> { ["plan"] = new() { Type = FieldType.String, Default = "free" } } });
        }
    }

    [Fact]
    public async Task AHangingBeforeLoginIsAnsweredWith124AndNoSessionIsMade()
    {
        var username = "slow-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await _host.Client.RestAsync(HttpMethod.Post, "users", new { username, password = "pw" })).Status);
        (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username, password = "pw" }))
            .AssertError(HttpStatusCode.BadRequest, 124, "The beforeLogin trigger of _User timed out.");
        Assert.Equal(1, await _host.Database.CountAsync("sessions")); // the sign-up's only

        var quick = "quick-" + Guid.NewGuid().ToString("N")[..8];
        await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = quick, password = "pw" });
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = quick, password = "pw" })).Status);
    }

    [Fact]
    public async Task AUserBeforeSaveHasTheValidatorOfAnyTrigger()
    {
        var signUp = await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "v-" + Guid.NewGuid().ToString("N")[..8], password = "pw" });
        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: (string)signUp.Body["sessionToken"]!);
        Assert.Equal("free", (string?)me.Body["plan"]);
        Assert.True((bool)me.Body["checked"]!);
        (await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "w-" + Guid.NewGuid().ToString("N")[..8], password = "pw", plan = 3 }))
            .AssertError(HttpStatusCode.BadRequest, 142);
    }
}

public sealed class UserTriggerBoundsTestsOnSqlite() : UserTriggerBoundsTests(StorageEngine.Sqlite);

public sealed class UserTriggerBoundsTestsOnPostgres() : UserTriggerBoundsTests(StorageEngine.Postgres);
