using System.Net.Http.Json;
using System.Text.Json;
using PhoneAuth.Sdk;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sdk;

/// <summary>The same SDK against Parse Server 9 itself (npm parse-server on PostgreSQL): the wire is Parse's.</summary>
public sealed class ParseServerCompatibilityTests
{
    [Fact]
    public async Task TheBecomeFlowWorksAgainstParseServer9()
    {
        await using var parse = await ParseServerProcess.StartAsync();
        using var http = new HttpClient();
        PhoneAuthClient NewClient() => new(http, new PhoneAuthClientOptions { ServerUrl = parse.ServerUrl, ApplicationId = ParseServerProcess.AppId });

        // Sign up with a password, then become the user from its token on another client.
        var client = NewClient();
        var user = await client.SignUpAsync("sdk-on-parse", "pw", new Dictionary<string, object?> { ["nickname"] = "P" });
        var other = NewClient();
        var became = await other.BecomeAsync(user.SessionToken!);
        Assert.Equal(user.ObjectId, became.ObjectId);
        Assert.Equal("P", became.Get<string>("nickname"));
        Assert.Equal(user.SessionToken, (await other.GetCurrentSessionAsync()).SessionToken);

        // The tutorial's flow on Parse Server: its cloud functions, then become.
        var phone = Phones.NewMainland();
        Assert.Equal("success", await client.RunAsync<string>("requestSmsCode", new { phoneNumber = phone }));
        using var read = new HttpRequestMessage(HttpMethod.Post, new Uri(parse.ServerUrl, "functions/readSmsCode")) { Content = JsonContent.Create(new { phoneNumber = phone }) };
        read.Headers.Add("X-Parse-Application-Id", ParseServerProcess.AppId);
        read.Headers.Add("X-Parse-Master-Key", ParseServerProcess.MasterKey);
        var code = (await (await http.SendAsync(read)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString();
        var token = await client.RunAsync<string>("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code });
        var phoneUser = await client.BecomeAsync(token!);
        Assert.Equal(phone, phoneUser.Username);

        await client.LogOutAsync();
        Assert.Null(await client.GetCurrentUserAsync());
        var error = await Assert.ThrowsAsync<ParseException>(() => NewClient().BecomeAsync(token!));
        Assert.Equal(ParseErrorCodes.InvalidSessionToken, error.Code);
        Assert.Equal(user.ObjectId, (await NewClient().LogInAsync("sdk-on-parse", "pw")).ObjectId);
    }
}
