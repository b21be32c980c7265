using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Import;

/// <summary>A LeanCloud _User export moves here: ids, names, numbers, flags and passwords kept; bad rows reported.</summary>
public sealed class LeanCloudImportTests : IAsyncLifetime
{
    // LeanCloud's documented example: this salt and the password "password" give this hash.
    private const string Salt = "h60d8x797d3oa0naxybxxv9bn7xpt2yiowz68mpiwou7gwr2";
    private const string Hash = "tA7BLW+NK0UeARng0693gCaVnljkglCB9snqlpCSUKjx2RgYp8VZZOQt0S5iUtlDrkJXfT3gknS4rRqjYsd/Ug==";

    private TestHost _host = null!;
    private LeanCloudClient _lc = null!;
    private string _export = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(LeanCloudClient.Settings());
        _lc = new LeanCloudClient(_host);
        _export = Path.Combine(_host.DataDirectory, "_User.jsonl");
        await File.WriteAllLinesAsync(_export,
        [
            $$$"""{"objectId":"5d83436b9c9235000886cbdf","username":"mei","password":"{{{Hash}}}","salt":"{{{Salt}}}","email":"mei@example.com","emailVerified":true,"mobilePhoneNumber":"13800138000","mobilePhoneVerified":true,"sessionToken":"old-lc-token","createdAt":"2019-09-19T08:59:23.178Z","updatedAt":{"__type":"Date","iso":"2020-01-02T03:04:05.006Z"},"city":"Hangzhou","birthday":{"__type":"Date","iso":"1990-05-01T00:00:00.000Z"}}""",
            """{"objectId":"5d83436b9c9235000886cbe0","username":"typed","mobilePhoneNumber":"+8613900000001","mobilePhoneVerified":false,"createdAt":"2019-09-20T00:00:00.000Z"}""",
            """{"objectId":"5d83436b9c9235000886cbe1","username":"badphone","mobilePhoneNumber":"12345"}""",
            """{"objectId":"5d83436b9c9235000886cbe2","username":"nosalt","password":"abc"}""",
            """{"objectId":"5d83436b9c9235000886cbe3","username":"clash","phone":"+8613900000002"}""",
            "",
            "this is not json",
            """{"objectId":"5d83436b9c9235000886cbe4","username":"twin","mobilePhoneNumber":"+86 139 0000 0009","mobilePhoneVerified":true}""",
            """{"objectId":"5d83436b9c9235000886cbe5","username":"twin2","mobilePhoneNumber":"13900000009","mobilePhoneVerified":true}""",
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task UsersArriveWholeTheirPasswordsWorkAndBadRowsAreReportedNotWritten()
    {
        var (exit, output) = await ImportRun.RunAsync(_host, "leancloud", _export);

        Assert.Equal(1, exit);
        Assert.Contains("Imported 5 users, 0 already present, 3 rejected.", output);
        Assert.Contains("line 3: the phone number \"12345\" is not valid (objectId 5d83436b9c9235000886cbe1)", output);
        Assert.Contains("line 4: password has no salt", output);
        Assert.Contains("line 7: the line is not a JSON object", output);
        // One number in two rows, however written: neither gets it, both are reported.
        Assert.Contains("warning line 8: the phone number +86*******0009 is also claimed on line 9: every row claiming it is imported without it; give it to its owner by hand (objectId 5d83436b9c9235000886cbe4)", output);
        Assert.Contains("warning line 9: the phone number +86*******0009 is also claimed on line 8:", output);
        Assert.Equal(5, await _host.Database.CountAsync("users"));
        // A LeanCloud app's own "phone" is its own field, kept as it is: not the number, and not shown where "phone" is the number.
        var clash = await _lc.CallAsync(HttpMethod.Get, "users/5d83436b9c9235000886cbe3", auth: LeanCloudAuth.MasterKey);
        Assert.Equal("+8613900000002", (string?)clash.Body["phone"]);
        Assert.Null(clash.Body["mobilePhoneNumber"]);
        Assert.Null((await _host.Client.RestAsync(HttpMethod.Get, "users/5d83436b9c9235000886cbe3", master: true)).Body["phone"]);
        Assert.Null((string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/5d83436b9c9235000886cbe4", master: true)).Body["phone"]);
        Assert.Null((string?)(await _host.Client.RestAsync(HttpMethod.Get, "users/5d83436b9c9235000886cbe5", master: true)).Body["phone"]);

        // The password of the export logs in, through the LeanCloud dialect, and is rehashed then.
        var login = await _lc.PostAsync("login", new { username = "mei", password = "password" });
        Assert.Equal(HttpStatusCode.OK, login.Status);
        Assert.Equal("5d83436b9c9235000886cbdf", (string?)login.Body["objectId"]);
        Assert.Equal("13800138000", (string?)login.Body["mobilePhoneNumber"]); // LeanCloud's form, as the export has it
        Assert.True((bool)login.Body["emailVerified"]!);
        Assert.Equal("2019-09-19T08:59:23.178Z", (string?)login.Body["createdAt"]);
        Assert.Equal("Hangzhou", (string?)login.Body["city"]);
        Assert.Equal("Date", (string?)login.Body["birthday"]!["__type"]);
        Assert.NotEqual("old-lc-token", (string?)login.Body["sessionToken"]);
        Assert.DoesNotContain("$leancloud-sha512$", await _host.Database.DumpAsync());
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("login", new { username = "mei", password = "password" })).Status);
        Assert.Equal(210, (await _lc.PostAsync("login", new { username = "mei", password = "Password" })).Code);

        // A verified number logs in by code; one that was never verified does not.
        Assert.Equal(HttpStatusCode.OK, (await _lc.PostAsync("login", new { mobilePhoneNumber = "+8613800138000", smsCode = await _lc.SmsCodeAsync("+8613800138000", "requestLoginSmsCode") })).Status);
        Assert.Equal(215, (await _lc.PostAsync("login", new { mobilePhoneNumber = "+8613900000001", smsCode = await _lc.SmsCodeAsync("+8613900000001", "requestLoginSmsCode") })).Code);
    }

    [Fact]
    public async Task ASecondRunChangesNothingAndADryRunWritesNothing()
    {
        var (dryExit, dry) = await ImportRun.RunAsync(_host, "leancloud", _export, "--dry-run");
        Assert.Equal(1, dryExit);
        Assert.Contains("Would import 5 users, 0 already present, 3 rejected.", dry);
        Assert.Contains("warning line 8: the phone number +86*******0009 is also claimed on line 9", dry);
        Assert.Equal(0, await _host.Database.CountAsync("users"));

        await ImportRun.RunAsync(_host, "leancloud", _export);
        var before = await _host.Database.DumpAsync();
        var (exit, output) = await ImportRun.RunAsync(_host, "leancloud", _export);
        Assert.Equal(1, exit);
        Assert.Contains("Imported 0 users, 5 already present, 3 rejected.", output);
        Assert.Equal(before, await _host.Database.DumpAsync());
    }

    [Fact]
    public async Task MisuseIsExplainedWithExitCode2()
    {
        var (exit, output) = await ImportRun.RunAsync(_host, "leancloud", Path.Combine(_host.DataDirectory, "missing.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("No such file", output);
        (exit, output) = await ImportRun.RunAsync(_host, "firebase", _export);
        Assert.Equal(2, exit);
        Assert.Contains("Usage: PhoneAuth.Server import", output);
    }
}
