using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.CloudFunctions.Options;
using PhoneAuth.Server.Security;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Users;

/// <summary>Passwords: the framework's hasher for new ones, Parse Server's bcrypt for imported ones, rehashed on login.</summary>
public sealed class PasswordTests
{
    // The OpenBSD bcrypt test vector: "U*U" under cost 5.
    private const string BcryptOfUStarU = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    private static PasswordHasher NewHasher() => new(Options.Create(new UsersOptions()), TimeProvider.System, NullLogger<PasswordHasher>.Instance);

    private static async Task<IUserStore> AddUserAsync(TestHost host, string id, string username, string hash)
    {
        var store = host.Services.GetRequiredService<IUserStore>();
        var now = host.Time.GetUtcNow();
        await store.CreateAsync(new UserRecord { Id = id, Username = username, PasswordHash = hash, CreatedAt = now, UpdatedAt = now, Version = 1 }, CancellationToken.None);
        return store;
    }

    [Theory]
    [InlineData("$2a$")]
    [InlineData("$2b$")]
    [InlineData("$2y$")]
    public void BcryptHashesOfEveryPrefixVerifyAndAskForARehash(string prefix)
    {
        var hasher = NewHasher();
        var hash = prefix + BcryptOfUStarU[4..];
        Assert.Equal(PasswordCheck.SuccessRehashNeeded, hasher.Verify(hash, "U*U"));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify(hash, "U*V"));
    }

    [Fact]
    public void NewHashesAreIdentityV3AndVerify()
    {
        var hasher = NewHasher();
        var hash = hasher.Hash("correct horse");
        Assert.Equal(0x01, Convert.FromBase64String(hash)[0]); // format marker of Identity's v3 hashes
        Assert.Equal(PasswordCheck.Success, hasher.Verify(hash, "correct horse"));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify(hash, "correct horsE"));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify("not a hash at all", "x"));
    }

    [Fact]
    public async Task AUserImportedFromParseServerLogsInWithTheirPasswordAndIsRehashed()
    {
        await using var host = await TestHost.StartAsync();
        var store = host.Services.GetRequiredService<IUserStore>();
        var now = host.Time.GetUtcNow();
        await store.CreateAsync(new UserRecord
        {
            Id = "imported01", Username = "imported", PasswordHash = "$2b$" + BcryptOfUStarU[4..], CreatedAt = now, UpdatedAt = now, Version = 1,
        }, CancellationToken.None);

        var login = await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "imported", password = "U*U" });
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("imported01", (string?)login.Body["objectId"]);

        var stored = await store.FindByIdAsync("imported01", CancellationToken.None);
        Assert.False(stored!.PasswordHash!.StartsWith("$2"), "the bcrypt hash was replaced");
        Assert.Equal(PasswordCheck.Success, NewHasher().Verify(stored.PasswordHash, "U*U"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "imported", password = "U*U" })).Status);
        Assert.Equal(404, (int)(await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "imported", password = "wrong" })).Status);
    }


    [Fact]
    public async Task ABcryptHashOfParseServersCostLogsInAndIsRehashed()
    {
        await using var host = await TestHost.StartAsync();
        var store = await AddUserAsync(host, "costTen001", "cost-ten", BCrypt.Net.BCrypt.HashPassword("parse password", 10));

        var login = await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "cost-ten", password = "parse password" });
        Assert.Equal(HttpStatusCode.OK, login.Status);
        var stored = await store.FindByIdAsync("costTen001", CancellationToken.None);
        Assert.Equal(PasswordCheck.Success, NewHasher().Verify(stored!.PasswordHash!, "parse password"));
    }

    [Fact]
    public async Task ABcryptHashAboveTheMaximumCostIsRefusedWithoutBeingComputedAndLogged()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?> { ["Users:AccountLockout:Threshold"] = "0" });
        var costly = BCrypt.Net.BCrypt.HashPassword("right password", 13); // Users:MaxBcryptCost is 12 by default
        var watch = Stopwatch.StartNew();
        Assert.True(BCrypt.Net.BCrypt.Verify("right password", costly));
        var computed = watch.Elapsed;
        await AddUserAsync(host, "costly0001", "costly", costly);
        // The same salt and digest at cost 31: computing it would take days.
        await AddUserAsync(host, "costly0031", "costlier", "$2b$31" + costly[6..]);

        // The first failed login measures the time failures are padded to; this test is about the ones after.
        Assert.Equal(404, (int)(await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "nobody", password = "x" })).Status);
        watch.Restart();
        var refused = await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "costly", password = "right password" });
        var answered = watch.Elapsed;
        refused.AssertError(HttpStatusCode.NotFound, 101, "Invalid username/password.");
        // Cost 13 measured again, right after, under the same load as the login: the slower of the two.
        watch.Restart();
        Assert.True(BCrypt.Net.BCrypt.Verify("right password", costly));
        if (watch.Elapsed > computed) computed = watch.Elapsed;
        // Padded like any failed login, to a check at cost 12, yet short of computing cost 13.
        Assert.True(answered < computed, $"answered in {answered.TotalMilliseconds:F0} ms; computing cost 13 takes {computed.TotalMilliseconds:F0} ms");

        var forged = await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "costlier", password = "right password" }).WaitAsync(TimeSpan.FromSeconds(30));
        forged.AssertError(HttpStatusCode.NotFound, 101, "Invalid username/password.");

        var warnings = host.Logs.Lines.Where(l => l.Contains("[1016]")).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("Warning ", warnings[0]);
        Assert.Contains("cost 13 is above Users:MaxBcryptCost (12)", warnings[0]);
        Assert.Contains("cost 31 is above Users:MaxBcryptCost (12)", warnings[1]);
        Assert.DoesNotContain(costly[7..], host.Logs.All);
        Assert.DoesNotContain("right password", host.Logs.All);
    }
}
