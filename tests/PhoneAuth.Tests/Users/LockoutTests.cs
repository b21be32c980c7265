using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Users;

/// <summary>Parse Server's accountLockout, step by step on a manual clock.</summary>
public abstract class LockoutTests(StorageEngine engine) : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync() => _host = await TestHost.StartAsync(new Dictionary<string, string?>
    {
        ["Users:AccountLockout:Threshold"] = "3",
        ["Users:AccountLockout:Duration"] = "00:10:00",
    }, engine: engine);
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<WireResponse> LogInAsync(string password) =>
        _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "locky", password });

    private const string Locked = "Your account is locked due to multiple failed login attempts. Please try again after {0} minute(s)";

    [Fact]
    public async Task TheLockFollowsParseServerToTheLetter()
    {
        await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "locky", password = "right" });
        for (var i = 0; i < 3; i++) (await LogInAsync("wrong")).AssertError(HttpStatusCode.NotFound, 101, "Invalid username/password.");
        (await LogInAsync("right")).AssertError(HttpStatusCode.NotFound, 101, string.Format(Locked, 10));
        (await LogInAsync("wrong")).AssertError(HttpStatusCode.NotFound, 101, string.Format(Locked, 10));

        _host.Time.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(30));
        (await LogInAsync("right")).AssertError(HttpStatusCode.NotFound, 101, string.Format(Locked, 1));

        // After the lock, the count is still over the threshold: one more failure locks again at once.
        _host.Time.Advance(TimeSpan.FromSeconds(30));
        (await LogInAsync("wrong")).AssertError(HttpStatusCode.NotFound, 101, string.Format(Locked, 10));
        _host.Time.Advance(TimeSpan.FromMinutes(10));

        // A success resets the count.
        Assert.Equal(HttpStatusCode.OK, (await LogInAsync("right")).Status);
        for (var i = 0; i < 3; i++) (await LogInAsync("wrong")).AssertError(HttpStatusCode.NotFound, 101, "Invalid username/password.");
    }

    [Fact]
    public async Task LockoutIsPerAccount()
    {
        await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "locky", password = "right" });
        await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = "other", password = "right" });
        for (var i = 0; i < 4; i++) await LogInAsync("wrong");
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "other", password = "right" })).Status);
    }
}

public sealed class LockoutTestsOnSqlite() : LockoutTests(StorageEngine.Sqlite);

public sealed class LockoutTestsOnPostgres() : LockoutTests(StorageEngine.Postgres);
