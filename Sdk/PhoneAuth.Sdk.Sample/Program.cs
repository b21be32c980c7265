// The tutorial's flow with the .NET SDK, interactive: request a code, type it, become the user.
// The current user is kept in a file, so a second run says "welcome back".
//   dotnet run --project Sdk/PhoneAuth.Sdk.Sample -- [--server http://localhost:1337/parse] [--app phoneauth-dev] [--state file]
using PhoneAuth.Sdk;

var server = Option("--server") ?? Environment.GetEnvironmentVariable("PHONEAUTH_SERVER") ?? "http://localhost:1337/parse";
var appId = Option("--app") ?? Environment.GetEnvironmentVariable("PHONEAUTH_APP") ?? "phoneauth-dev";
var statePath = Option("--state") ?? Path.Combine(Path.GetTempPath(), "phoneauth-sample-state.json");

using var http = new HttpClient();
var client = new PhoneAuthClient(http, new PhoneAuthClientOptions
{
    ServerUrl = new Uri(server),
    ApplicationId = appId,
    Store = new FileClientStore(statePath),
});
Console.WriteLine($"PhoneAuth sample: {server} (application {appId})");

try
{
    if (await client.GetCurrentUserAsync() is { } saved)
    {
        Console.WriteLine($"Welcome back, {saved.Username}.");
        await ShowAsync(saved);
    }
    else
    {
        var phone = Ask("Phone number: ");
        var sent = await client.RequestSmsCodeAsync(phone);
        Console.WriteLine($"A code was sent; it is valid {sent.ExpiresIn.TotalMinutes:0} minutes.");
        var user = await client.SignUpOrLogInWithMobilePhoneAsync(phone, Ask("Code: "));
        Console.WriteLine($"Signed in as {user.Username} (user {user.ObjectId}).");
        await ShowAsync(user);
    }
    if (Ask("Log out? [y/N] ").StartsWith('y'))
    {
        await client.LogOutAsync();
        Console.WriteLine("Logged out; the session token no longer works.");
    }
    return 0;
}
catch (ParseException ex)
{
    Console.WriteLine($"The server said {ex.Code}: {ex.Message}");
    return 1;
}

async Task ShowAsync(ParseUser user)
{
    var session = await client.GetCurrentSessionAsync();
    Console.WriteLine($"Phone {user.Phone} (verified: {user.PhoneVerified}); session {session.ObjectId} valid until {session.ExpiresAt:yyyy-MM-dd}.");
}

static string Ask(string prompt)
{
    Console.Write(prompt);
    return Console.ReadLine()?.Trim() ?? throw new InvalidOperationException("No more input.");
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
