using System.Net;
using Microsoft.Extensions.Options;
using PhoneAuth.CloudFunctions.Phone;
using PhoneAuth.Tests.Core;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Phone;

/// <summary>
/// Number types decide what may receive a code, through the real host: with every country allowed, a
/// premium-rate, toll-free or VoIP number is refused with 127 before anything is counted or sent.
/// </summary>
public sealed class NumberTypeRuleTests
{
    private static Dictionary<string, string?> EveryCountry(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Limits:AllowedCountryCodes:0"] = "*", ["Limits:SendsPerIpPerHour"] = "1000" };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    private static Task<WireResponse> RequestAsync(TestHost host, string phone) => host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone });

    private static async Task<long> CountedAsync(TestHost host) =>
        await host.Database.CountAsync("rate_limit_events") + await host.Database.CountAsync("rate_limit_buckets");

    [Fact]
    public async Task EveryNumberOfTheTableGetsItsVerdictOnTheWire()
    {
        await using var host = await TestHost.StartAsync(EveryCountry());
        foreach (var row in PhoneNumberTable.Rows)
        {
            // The host's default country is 86: a national number of another country is sent in E.164.
            var input = row.DefaultCountry == "86" ? row.Input : row.E164;
            var sentBefore = host.Outbox.Messages.Count;
            var countedBefore = await CountedAsync(host);
            var answer = await RequestAsync(host, input);
            if (row.Receives)
            {
                Assert.True(answer.Status == HttpStatusCode.OK, $"{row}: {answer.Raw}");
                Assert.Equal(1, host.Outbox.CountTo(row.E164));
            }
            else
            {
                answer.AssertError(HttpStatusCode.BadRequest, 127, "Invalid phone number.");
                Assert.Equal(sentBefore, host.Outbox.Messages.Count);
                Assert.Equal(countedBefore, await CountedAsync(host));
            }
        }
        Assert.Equal(PhoneNumberTable.Rows.Count(r => r.Receives), host.Outbox.Messages.Count);
    }

    [Theory]
    [InlineData("+1 900 555 0199", "PremiumRate")]
    [InlineData("+44 909 876 5432", "PremiumRate")]
    [InlineData("+1 800 555 0199", "TollFree")]
    [InlineData("+44 56 1234 5678", "Voip")]
    [InlineData("+882 16 123456", "Voip")]
    public async Task APremiumRateTollFreeOrVoipNumberIsRefusedBeforeAnythingIsCountedOrSentThoughItsCountryIsAllowed(string phone, string type)
    {
        await using var host = await TestHost.StartAsync(EveryCountry());
        (await RequestAsync(host, phone)).AssertError(HttpStatusCode.BadRequest, 127, "Invalid phone number.");
        Assert.Empty(host.Outbox.Messages);
        Assert.Equal(0, await CountedAsync(host));
        Assert.Equal(0, await host.Database.CountAsync("verification_codes"));
        Assert.Contains($"{type} numbers are not in Limits:AllowedNumberTypes", host.Logs.All);
    }

    [Fact]
    public async Task TheTypeSettingLetsATypeThroughAndKeepsTheOthersOut()
    {
        await using var host = await TestHost.StartAsync(EveryCountry(new()
        {
            ["Limits:AllowedNumberTypes:0"] = "Mobile", ["Limits:AllowedNumberTypes:1"] = "TollFree",
        }));
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, "+1 800 555 0199")).Status);
        Assert.Equal(1, host.Outbox.CountTo("+18005550199"));
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, Phones.NewMainland())).Status);
        // The list replaces the default: FixedLineOrMobile, not named, is refused now.
        (await RequestAsync(host, "+1 415 555 2671")).AssertError(HttpStatusCode.BadRequest, 127);
        (await RequestAsync(host, "+1 900 555 0199")).AssertError(HttpStatusCode.BadRequest, 127);
        Assert.Equal(2, host.Outbox.Messages.Count);
    }

    [Fact]
    public async Task ATestNumberOfARefusedTypeStillGetsItsFixedCode()
    {
        await using var host = await TestHost.StartAsync(new Dictionary<string, string?>
        {
            ["PhoneAuth:TestNumbers:0:Phone"] = "+86 400 810 8888", ["PhoneAuth:TestNumbers:0:Code"] = "135790",
        });
        // A test number never costs an SMS, so it is exempt from the type rule as from the country allow-list.
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync(host, "400-810-8888")).Status);
        Assert.Empty(host.Outbox.Messages);
        var token = await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = "+864008108888", code = "135790" });
        Assert.StartsWith("r:", (string)token!);
    }

    [Fact]
    public async Task AnUnknownTypeNameStopsStartUpNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHost.StartAsync(new Dictionary<string, string?> { ["Limits:AllowedNumberTypes:0"] = "Mobile", ["Limits:AllowedNumberTypes:1"] = "Cellphone" }));
        Assert.Contains("Limits:AllowedNumberTypes", error.Message);
    }

    [Fact]
    public async Task ADefaultCountryWithoutNationalNumbersStopsStartUp()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHost.StartAsync(new Dictionary<string, string?> { ["PhoneAuth:DefaultCountryCode"] = "882" }));
        Assert.Contains("PhoneAuth:DefaultCountryCode", error.Message);
    }

    [Fact]
    public async Task AStoredNumberTheMetadataNoLongerKnowsIsRefusedACodeButKeepsItsAccount()
    {
        await using var host = await TestHost.StartAsync(EveryCountry());
        var user = await host.Client.RestAsync(HttpMethod.Post, "users", new { username = "old-hk", password = "pw" });
        var id = (string)user.Body["objectId"]!;
        var token = (string)user.Body["sessionToken"]!;
        // A number the hand-written rules accepted (any 8 digits after +852) and libphonenumber does not, as an older release stored it.
        Assert.Matches("^[0-9A-Za-z]+$", id);
        await host.Database.ScalarAsync($"UPDATE users SET phone = '+85212345678', phone_verified = 1 WHERE id = '{id}'");
        Assert.Equal(PhoneNumberType.Unknown, PhoneNumber.FromStored("+85212345678").Type);

        (await host.Client.CallAsync("requestSmsCode", new { purpose = "unbind" }, token)).AssertError(HttpStatusCode.BadRequest, 127);
        Assert.Empty(host.Outbox.Messages);
        Assert.Equal("+85212345678", (string?)(await host.Client.RestAsync(HttpMethod.Get, "users/" + id, master: true)).Body["phone"]);
        Assert.Equal(id, (string?)(await host.Client.RestAsync(HttpMethod.Post, "login", new { username = "old-hk", password = "pw" })).Body["objectId"]);
    }
}
