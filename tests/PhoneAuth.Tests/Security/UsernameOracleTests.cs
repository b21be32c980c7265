using System.Net;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Security;

/// <summary>
/// Phone-shaped usernames are reserved for the phone flows, so that the username cannot tell whether
/// a number has an account, nor let anyone claim a number before its owner signs up with it.
/// </summary>
public abstract class UsernameOracleTests(StorageEngine engine) : IAsyncLifetime
{
    private const string Reserved = "A username that is a phone number is reserved for sign-in by phone.";
    private TestHost _host = null!;
    private LeanCloudClient _leanCloud = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings(), engine: engine);
        _leanCloud = new LeanCloudClient(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(string Id, string Token)> AnonymousAsync()
    {
        var answer = await _host.Client.RestAsync(HttpMethod.Post, "users", new { authData = new { anonymous = new { id = Guid.NewGuid().ToString() } } });
        Assert.Equal(HttpStatusCode.Created, answer.Status);
        return ((string)answer.Body["objectId"]!, (string)answer.Body["sessionToken"]!);
    }

    /// <summary>The red team's probe: the same request for a number with an account and one without.</summary>
    [Fact]
    public async Task UpdatingTheUsernameToANumberAnswersTheSameWhetherOrNotTheNumberHasAnAccount()
    {
        var taken = Phones.NewMainland();
        await PhoneFlow.SignInAsync(_host, taken);
        var free = Phones.NewMainland();
        var (id, token) = await AnonymousAsync();

        foreach (var form in new Func<string, string>[] { p => p, Phones.National, p => "00" + p[1..], p => p[1..], p => "+86 " + p[3..6] + " " + p[6..10] + " " + p[10..] })
        {
            var onTaken = await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { username = form(taken) }, token);
            var onFree = await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { username = form(free) }, token);
            onTaken.AssertError(HttpStatusCode.BadRequest, 200, Reserved);
            Assert.Equal(onTaken.Raw, onFree.Raw);
        }
        // The SDK's own save path (PUT classes/_User) and its tunnelled form answer alike.
        var sdk = await _host.Client.SdkAsync("classes/_User/" + id, new JObject { ["username"] = taken }, method: "PUT", sessionToken: token);
        sdk.AssertError(HttpStatusCode.BadRequest, 200, Reserved);
    }

    [Fact]
    public async Task SigningUpWithANumberAsUsernameAnswersTheSameWhetherOrNotTheNumberHasAnAccount()
    {
        var taken = Phones.NewMainland();
        await PhoneFlow.SignInAsync(_host, taken);
        var free = Phones.NewMainland();

        var onTaken = await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = taken, password = "pw" });
        var onFree = await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = free, password = "pw" });
        onTaken.AssertError(HttpStatusCode.BadRequest, 200, Reserved);
        Assert.Equal(onTaken.Raw, onFree.Raw);

        var lcTaken = await _leanCloud.CallAsync(HttpMethod.Post, "users", new { username = Phones.National(taken), password = "pw" });
        var lcFree = await _leanCloud.CallAsync(HttpMethod.Post, "users", new { username = Phones.National(free), password = "pw" });
        lcTaken.AssertError(HttpStatusCode.BadRequest, 217);
        Assert.Equal(lcTaken.Raw, lcFree.Raw);
        Assert.Equal(1, await _host.Database.CountAsync("users"));
    }

    /// <summary>A probed number is not claimed: its owner's sign-up by code gets it as username, and no password reaches it.</summary>
    [Fact]
    public async Task AProbedNumberStaysFreeForItsOwner()
    {
        var victim = Phones.NewMainland();
        var (id, token) = await AnonymousAsync();
        await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { username = victim, password = "attacker-pw" }, token);
        await _host.Client.RestAsync(HttpMethod.Post, "users", new { username = victim, password = "attacker-pw" });

        var ownerToken = await PhoneFlow.SignInAsync(_host, victim);
        var me = await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: ownerToken);
        Assert.Equal(victim, (string?)me.Body["username"]);
        (await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = victim, password = "attacker-pw" })).AssertError(HttpStatusCode.NotFound, 101);
    }

    /// <summary>A user may take its own verified number as username, in any form; it is stored in E.164.</summary>
    [Fact]
    public async Task AUserMayTakeItsOwnVerifiedNumberAsUsername()
    {
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(_host, phone);
        var id = (string)(await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["objectId"]!;
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { username = "someone" }, token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { username = Phones.National(phone) }, token)).Status);
        Assert.Equal(phone, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["username"]);
        // The master key is not bound by the reservation.
        var other = Phones.NewMainland();
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new { username = other }, master: true)).Status);
    }

    /// <summary>A username that is a number is as private as the number: other callers neither see it nor query by it.</summary>
    [Fact]
    public async Task AUsernameThatIsANumberIsAsPrivateAsTheNumber()
    {
        var phone = Phones.NewMainland();
        var token = await PhoneFlow.SignInAsync(_host, phone);
        var id = (string)(await _host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["objectId"]!;
        var acl = new JObject { ["*"] = new JObject { ["read"] = true }, [id] = new JObject { ["read"] = true, ["write"] = true } };
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.RestAsync(HttpMethod.Put, "users/" + id, new JObject { ["ACL"] = acl, ["nickname"] = "pat" }, token)).Status);
        var (_, strangerToken) = await AnonymousAsync();

        var seen = await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: strangerToken);
        Assert.Equal(HttpStatusCode.OK, seen.Status);
        Assert.Equal("pat", (string?)seen.Body["nickname"]);
        Assert.Null(seen.Body["username"]);
        Assert.Null(seen.Body["phone"]);
        Assert.DoesNotContain(phone[3..], seen.Raw);

        var listed = await _host.Client.RestAsync(HttpMethod.Get, "users?where=" + Uri.EscapeDataString(new JObject { ["nickname"] = "pat" }.ToString()), sessionToken: strangerToken);
        Assert.DoesNotContain(phone[3..], listed.Raw);
        Assert.Single((JArray)listed.Body["results"]!);

        // Querying by a number-shaped username finds nothing, alike for every number, by equality, pattern or range.
        foreach (var condition in new Func<string, JToken>[] { n => n, n => new JObject { ["$regex"] = "^" + Regex.Escape(n[..6]) }, n => new JObject { ["$gte"] = n[..6] } })
        {
            var byTaken = await _host.Client.RestAsync(HttpMethod.Get, "users?where=" + Uri.EscapeDataString(new JObject { ["username"] = condition(phone) }.ToString()), sessionToken: strangerToken);
            var byFree = await _host.Client.RestAsync(HttpMethod.Get, "users?where=" + Uri.EscapeDataString(new JObject { ["username"] = condition(Phones.NewMainland()) }.ToString()), sessionToken: strangerToken);
            Assert.Equal(HttpStatusCode.OK, byTaken.Status);
            Assert.DoesNotContain((JArray)byTaken.Body["results"]!, u => (string?)u["objectId"] == id);
            Assert.Equal(byTaken.Raw, byFree.Raw);
        }
        var sorted = await _host.Client.RestAsync(HttpMethod.Get, "users?order=username&where=" + Uri.EscapeDataString(new JObject { ["nickname"] = "pat" }.ToString()), sessionToken: strangerToken);
        Assert.Empty((JArray)sorted.Body["results"]!);
        // Its owner still finds itself by it.
        Assert.Single((JArray)(await _host.Client.RestAsync(HttpMethod.Get, "users?where=" + Uri.EscapeDataString(new JObject { ["username"] = phone }.ToString()), sessionToken: token)).Body["results"]!);

        // The owner and the master key still see it.
        Assert.Equal(phone, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, sessionToken: token)).Body["username"]);
        Assert.Equal(phone, (string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["username"]);
    }
}

public sealed class UsernameOracleTestsOnSqlite() : UsernameOracleTests(StorageEngine.Sqlite);

public sealed class UsernameOracleTestsOnPostgres() : UsernameOracleTests(StorageEngine.Postgres);
