using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.CloudFunctions.Model;
using PhoneAuth.Server.Security;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Users;

/// <summary>Passwords: the framework's hasher for new ones, Parse Server's bcrypt for imported ones, rehashed on login.</summary>
public sealed class PasswordTests
{
    // The OpenBSD bcrypt test vector: "U*U" under cost 5.
    private const string BcryptOfUStarU = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

    [Theory]
    [InlineData("$2a$")]
    [InlineData("$2b$")]
    [InlineData("$2y$")]
    public void BcryptHashesOfEveryPrefixVerifyAndAskForARehash(string prefix)
    {
        var hasher = new PasswordHasher();
        var hash = prefix + BcryptOfUStarU[4..];
        Assert.Equal(PasswordCheck.SuccessRehashNeeded, hasher.Verify(hash, "U*U"));
        Assert.Equal(PasswordCheck.Failed, hasher.Verify(hash, "U*V"));
    }

    [Fact]
    public void NewHashesAreIdentityV3AndVerify()
    {
        var hasher = new PasswordHasher();
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
        Assert.Equal(PasswordCheck.Success, new PasswordHasher().Verify(stored.PasswordHash, "U*U"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "imported", password = "U*U" })).Status);
        Assert.Equal(404, (int)(await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "imported", password = "wrong" })).Status);
    }

}
