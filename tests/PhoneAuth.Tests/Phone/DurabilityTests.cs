using System.Net;
using PhoneAuth.Server.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>State lives in the SQLite file: a restart loses nothing; the sweeper removes what expired.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task ARestartBetweenRequestAndVerifyLosesNothing()
    {
        var phone = Phones.NewMainland();
        var time = new ManualTimeProvider();
        var first = await TestHost.StartAsync(time: time);
        await first.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        var code = first.Outbox.LatestCode(phone);
        await first.StopAsync();

        await using var second = await TestHost.StartAsync(dataDirectory: first.DataDirectory, time: time);
        // The resend interval survived the restart too.
        Assert.Equal(601, (await second.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Code);
        var token = (string)(await second.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))!;
        Assert.Equal(HttpStatusCode.OK, (await second.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Status);
        Directory.Delete(first.DataDirectory, recursive: true);
    }

    [Fact]
    public async Task ASessionSurvivesARestart()
    {
        var phone = Phones.NewMainland();
        var time = new ManualTimeProvider();
        var first = await TestHost.StartAsync(time: time);
        var token = await PhoneFlow.SignInAsync(first, phone);
        await first.StopAsync();

        await using var second = await TestHost.StartAsync(dataDirectory: first.DataDirectory, time: time);
        var me = await second.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
        Assert.Equal(phone, (string?)me.Body["phone"]);
    }

    [Fact]
    public async Task TheSweeperDeletesExpiredCodesAndSessionsInTheBackground()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:SweepInterval"] = "00:00:00.100",
            ["Sessions:Lifetime"] = "01:00:00",
        });
        var signedIn = Phones.NewMainland();
        await PhoneFlow.SignInAsync(host, signedIn);
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = Phones.NewMainland() });
        Assert.Equal(2, await host.Database.CountAsync("verification_codes"));
        Assert.Equal(1, await host.Database.CountAsync("sessions"));

        host.Time.Advance(TimeSpan.FromHours(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && (await host.Database.CountAsync("verification_codes")
                   + await host.Database.CountAsync("sessions")) > 0)
            await Task.Delay(50);

        Assert.Equal(0, await host.Database.CountAsync("verification_codes"));
        Assert.Equal(0, await host.Database.CountAsync("sessions"));
        Assert.Equal(1, await host.Database.CountAsync("users"));
    }

    [Fact]
    public async Task TheSchemaIsCreatedOnFirstRunAndAppliedOnce()
    {
        await using var host = await TestHost.StartAsync();
        var dump = await host.Database.DumpAsync();
        Assert.Contains("schema_migrations: '1' '001_initial'", dump);
        Assert.Contains("schema_migrations: '2' '002_users_parity'", dump);
        var versions = await host.Database.CountAsync("schema_migrations");

        // Running the migrator again on an up-to-date database changes nothing.
        await host.Services.GetRequiredService<PhoneAuth.Server.Storage.Sql.SqlSchemaMigrator>().MigrateAsync(CancellationToken.None);
        Assert.Equal(versions, await host.Database.CountAsync("schema_migrations"));
    }
}
