using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Errors;
using PhoneAuth.CloudFunctions.Functions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Functions;

/// <summary>Triggers with Parse Server's semantics, for every flow that writes or logs in a user.</summary>
public sealed class TriggerTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TestHost.StartAsync(services: s => s.AddSingleton<ICloudCodeModule, Module>());

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private sealed class Module : ICloudCodeModule
    {
        public void Register(CloudFunctionRegistry cloud)
        {
            cloud.BeforeSave(CloudFunctionRegistry.UserClass, request =>
            {
                request.Object.Fields["signupSource"] ??= request.Object.Phone is null ? "password" : "phone";
                return Task.CompletedTask;
            });
            cloud.AfterSave(CloudFunctionRegistry.UserClass, _ => throw new InvalidOperationException("afterSave is broken"));
            cloud.BeforeLogin(request => request.Object.Username == "blocked"
                ? throw new CloudFunctionException(119, "Blocked by policy.")
                : Task.CompletedTask);
        }
    }

    [Fact]
    public void TriggersOnOtherClassesAreRefusedAtDefinition()
    {
        var registry = new CloudFunctionRegistry();
        Assert.Throws<ArgumentException>(() => registry.BeforeSave("GameScore", _ => Task.CompletedTask));
        registry.BeforeLogin(_ => Task.CompletedTask);
        Assert.Throws<InvalidOperationException>(() => registry.BeforeLogin(_ => Task.CompletedTask));
    }

    [Fact]
    public async Task BeforeSaveRunsForPhoneSignUpsAndAnAfterSaveErrorDoesNotUndoTheWrite()
    {
        var token = await PhoneFlow.SignInAsync(_host, Phones.NewMainland());
        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        Assert.Equal("phone", (string?)me.Body["signupSource"]);
        Assert.Contains("afterSave is broken", _host.Logs.All);

        var signup = await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "pw-user", password = "pw" });
        Assert.Equal(HttpStatusCode.Created, signup.Status);
        Assert.Equal("password", (string?)signup.Body["signupSource"]);
    }

    [Fact]
    public async Task ABeforeLoginErrorWithACodeIsAnsweredWithThatCode()
    {
        await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "blocked", password = "pw" });
        (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "blocked", password = "pw" }))
            .AssertError(HttpStatusCode.BadRequest, 119, "Blocked by policy.");
        Assert.Equal(1, await _host.Database.CountAsync("sessions")); // the sign-up's only
    }
}
