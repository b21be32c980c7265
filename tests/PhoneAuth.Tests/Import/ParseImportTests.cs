using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using Npgsql;
using PhoneAuth.CloudFunctions.Abstractions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Import;

/// <summary>
/// A Parse Server app moves here: its users are read from Parse Server 9's own database, or from a
/// JSON export, and log in here as they did there.
/// </summary>
public sealed class ParseImportTests : IAsyncLifetime
{
    private ParseServerProcess _parse = null!;
    private TestHost _host = null!;
    private HttpClient _parseHttp = null!;

    public async Task InitializeAsync()
    {
        _parse = await ParseServerProcess.StartAsync();
        _parseHttp = new HttpClient { BaseAddress = _parse.ServerUrl };
        _host = await TestHost.StartAsync(engine: StorageEngine.Postgres);
    }

    public async Task DisposeAsync()
    {
        _parseHttp.Dispose();
        await _host.DisposeAsync();
        await _parse.DisposeAsync();
    }

    private async Task<JToken> OnParseAsync(string path, object body, bool master = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(JToken.FromObject(body).ToString(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Parse-Application-Id", ParseServerProcess.AppId);
        if (master) request.Headers.Add("X-Parse-Master-Key", ParseServerProcess.MasterKey);
        using var response = await _parseHttp.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JToken.Parse(text);
    }

    /// <summary>The tutorial's sign-up on Parse Server: the number becomes the username and a "phone" field.</summary>
    private async Task<string> TutorialSignUpAsync(string phone)
    {
        await OnParseAsync("functions/requestSmsCode", new { phoneNumber = phone });
        var code = (string)(await OnParseAsync("functions/readSmsCode", new { phoneNumber = phone }, master: true))["result"]!;
        var token = (string)(await OnParseAsync("functions/signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code }))["result"]!;
        return token;
    }

    private Task<string> CodeAsync(string phone) => CodeAsync(_host, phone);

    private static async Task<string> CodeAsync(TestHost host, string phone)
    {
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.Client.RunAsync("requestSmsCode", new { phoneNumber = phone });
        return host.Outbox.LatestCode(phone);
    }

    [Fact]
    public async Task UsersOfAParseServerDatabaseLogInHereAsThere()
    {
        var tutorialPhone = Phones.NewMainland();
        await TutorialSignUpAsync(tutorialPhone);
        var team = (string)(await OnParseAsync("classes/Team", new { name = "red" }, master: true))["objectId"]!;
        var ann = (string)(await OnParseAsync("users", new
        {
            username = "ann", password = "secret1", email = "ann@example.com", level = 3,
            birthday = new { __type = "Date", iso = "1990-05-01T00:00:00.000Z" },
            team = new { __type = "Pointer", className = "Team", objectId = team },
        }))["objectId"]!;
        var typedPhone = Phones.NewMainland();
        await OnParseAsync("users", new { username = "typed", password = "pw", phone = typedPhone });
        var anonymousId = Guid.NewGuid().ToString();
        var anonymous = (string)(await OnParseAsync("users", new { authData = new { anonymous = new { id = anonymousId } } }))["objectId"]!;

        var (exit, output) = await ImportRun.RunAsync(_host, "parse-postgres", _parse.DatabaseConnectionString);
        Assert.True(exit == 0, output);
        Assert.Contains("Imported 4 users, 0 already present, 0 rejected.", output);

        var login = await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "ann", password = "secret1" });
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal(ann, (string?)login.Body["objectId"]);
        Assert.Equal(3, (int)login.Body["level"]!);
        Assert.Equal("1990-05-01T00:00:00.000Z", (string?)login.Body["birthday"]!["iso"]);
        Assert.Equal(team, (string?)login.Body["team"]!["objectId"]);
        Assert.Equal("Team", (string?)login.Body["team"]!["className"]);
        Assert.DoesNotContain("$2y$", await _host.Database.DumpAsync().ContinueWith(t => t.Result.Split('\n').First(l => l.Contains("'ann'"))));

        // Parse Server lets users write their own fields, the phone and the username included: by default
        // no imported number is verified, not even the tutorial's, so none logs in by code.
        Assert.Equal(215, (await _host.Client.CallAsync("logInWithMobilePhone", new { phoneNumber = tutorialPhone, code = await CodeAsync(tutorialPhone) })).Code);
        Assert.Equal(215, (await _host.Client.CallAsync("logInWithMobilePhone", new { phoneNumber = typedPhone, code = await CodeAsync(typedPhone) })).Code);

        // Anonymous users keep their identity: the same authData logs into the same user.
        var again = await _host.Client.RestAsync(HttpMethod.Post, "users", new { authData = new { anonymous = new { id = anonymousId } } });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(anonymous, (string?)again.Body["objectId"]);

        var before = await _host.Database.CountAsync("users");
        var (secondExit, second) = await ImportRun.RunAsync(_host, "parse-postgres", _parse.DatabaseConnectionString);
        Assert.True(secondExit == 0, second);
        Assert.Contains("Imported 0 users, 4 already present, 0 rejected.", second);
        Assert.Equal(before, await _host.Database.CountAsync("users"));

        // An operator who knows that the app let no one write "phone" says so, and the numbers are verified.
        await using var trusting = await TestHost.StartAsync();
        var (trustedExit, trusted) = await ImportRun.RunAsync(trusting, "parse-postgres", _parse.DatabaseConnectionString, "--trust-phones");
        Assert.True(trustedExit == 0, trusted);
        var token = (string)(await trusting.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = tutorialPhone, code = await CodeAsync(trusting, tutorialPhone) }))!;
        Assert.Equal(tutorialPhone, (string?)(await trusting.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token)).Body["username"]);
    }

    [Fact]
    public async Task ARowClaimingSomeoneElsesNumberWinsNeitherTheNumberNorTheirSmsLogin()
    {
        // On Parse Server a user may write any field of their own: the attacker signs up first, with the
        // victim's number, "verified"; then the victim signs up by code, as the tutorial does.
        var victim = Phones.NewMainland();
        var attacker = (string)(await OnParseAsync("users", new { username = "attacker", password = "pw", phone = victim, phoneVerified = true }))["objectId"]!;
        await TutorialSignUpAsync(victim);

        await using var trusting = await TestHost.StartAsync();
        foreach (var (host, flags) in new[] { (_host, Array.Empty<string>()), (trusting, new[] { "--trust-phones" }) })
        {
            var (exit, output) = await ImportRun.RunAsync(host, ["parse-postgres", _parse.DatabaseConnectionString, .. flags]);
            Assert.True(exit == 1, output);
            Assert.Contains("Imported 2 users, 0 already present, 0 rejected.", output);
            Assert.Contains($"warning line 1: the phone number {PhoneMask.Mask(victim)} is also claimed on line 2: every row claiming it is imported without it; give it to its owner by hand (objectId {attacker})", output);
            Assert.Contains($"warning line 2: the phone number {PhoneMask.Mask(victim)} is also claimed on line 1:", output);
            Assert.DoesNotContain(victim, output);

            var attackerRow = await host.Client.RestAsync(HttpMethod.Get, $"users/{attacker}", master: true);
            Assert.Null((string?)attackerRow.Body["phone"]);
            // The victim's code logs in to a user of their own, never to the attacker's.
            var token = (string)(await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = victim, code = await CodeAsync(host, victim) }))!;
            var me = await host.Client.RestAsync(HttpMethod.Get, "users/me", sessionToken: token);
            Assert.NotEqual(attacker, (string?)me.Body["objectId"]);
            Assert.Equal(victim, (string?)me.Body["phone"]);
        }
    }

    [Fact]
    public async Task AMongoExportAndARestExportOfParseUsersAreReadToo()
    {
        await OnParseAsync("users", new { username = "source", password = "secret1" });
        string hash;
        await using (var connection = new NpgsqlConnection(_parse.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var read = new NpgsqlCommand("SELECT \"_hashed_password\" FROM \"_User\" WHERE username = 'source'", connection);
            hash = (string)(await read.ExecuteScalarAsync())!;
        }
        var phone = Phones.NewMainland();
        var mongo = Path.Combine(_host.DataDirectory, "mongo.json");
        await File.WriteAllLinesAsync(mongo,
        [
            $$$"""{"_id":"bobBobBob1","username":"bob","_hashed_password":"{{{hash}}}","_created_at":{"$date":"2020-01-01T00:00:00.000Z"},"_updated_at":{"$date":{"$numberLong":"1577923200000"}},"_acl":{"*":{"r":true},"bobBobBob1":{"r":true,"w":true}},"_p_team":"Team$teamTeam01","_auth_data_anonymous":{"id":"anon-bob"},"phone":"{{{phone}}}","phoneVerified":true,"_perishable_token":"secret","score":{"$numberLong":"5"}}""",
            """{"_id":"badHash001","username":"eve","_hashed_password":"plaintext"}""",
        ]);
        var rest = Path.Combine(_host.DataDirectory, "rest.json");
        await File.WriteAllTextAsync(rest, """{"results":[{"objectId":"carolCaro1","username":"carol","email":"carol@example.com","createdAt":"2021-02-03T04:05:06.007Z","updatedAt":"2021-02-03T04:05:06.007Z","ACL":{"carolCaro1":{"read":true,"write":true}}}]}""");

        var (exit, output) = await ImportRun.RunAsync(_host, "parse-json", mongo);
        Assert.Equal(1, exit);
        Assert.Contains("Imported 1 users, 0 already present, 1 rejected.", output);
        Assert.Contains("line 2: _hashed_password is not a bcrypt hash (objectId badHash001)", output);
        Assert.Contains("Removed public read from the ACL of 1 users", output);
        var (restExit, restOutput) = await ImportRun.RunAsync(_host, "parse-json", rest);
        Assert.True(restExit == 0, restOutput);

        var bob = await _host.Client.RestAsync(HttpMethod.Post, "login", new { username = "bob", password = "secret1" });
        Assert.Equal(HttpStatusCode.OK, bob.Status);
        Assert.Equal(phone, (string?)bob.Body["phone"]);
        Assert.False((bool)bob.Body["phoneVerified"]!); // the row's phoneVerified is the user's own word
        Assert.Equal(5, (int)bob.Body["score"]!);
        Assert.Equal("teamTeam01", (string?)bob.Body["team"]!["objectId"]);
        Assert.Equal("2020-01-01T00:00:00.000Z", (string?)bob.Body["createdAt"]);
        Assert.Null(bob.Body["ACL"]!["*"]); // users here are private unless --keep-public-read
        Assert.True((bool)bob.Body["ACL"]!["bobBobBob1"]!["write"]!);
        Assert.Null(bob.Body["_perishable_token"]);
        var carol = await _host.Client.RestAsync(HttpMethod.Get, "users/carolCaro1", master: true);
        Assert.Equal("carol@example.com", (string?)carol.Body["email"]);
    }
}
