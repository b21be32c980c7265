using System.Net;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sms;

/// <summary>Each real provider, end to end through the server, against a fake that checks its contract and signature.</summary>
public sealed class ProviderTests
{
    private static async Task<(TestHost Host, FakeSmsVendor Fake)> StartAsync(string vendor, Dictionary<string, string?>? extra = null)
    {
        var fake = await Vendors.StartAsync(vendor);
        var settings = Vendors.Settings(vendor, fake);
        settings["Sms:Provider"] = vendor;
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return (await TestHost.StartAsync(settings), fake);
    }

    /// <summary>A number for a fake's scenario: its last four digits pick it.</summary>
    private static string Phone(string lastFour) => Phones.NewMainland()[..^4] + lastFour;

    [Theory]
    [MemberData(nameof(Vendors.All), MemberType = typeof(Vendors))]
    public async Task ACodeSentThroughTheProviderSignsTheUserIn(string vendor)
    {
        var (host, fake) = await StartAsync(vendor);
        await using var _ = host;
        await using var __ = fake;
        var phone = Phones.NewMainland();

        Assert.Equal(HttpStatusCode.OK, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Status);
        var request = Assert.Single(fake.To(phone));
        Assert.True(request.SignatureValid);
        Assert.Matches("^[0-9]{6}$", request.Code!);

        var token = await host.Client.RunAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = request.Code });
        Assert.StartsWith("r:", (string)token!);
        Assert.DoesNotContain(request.Code!, host.Logs.All);
        (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = request.Code })).AssertError(HttpStatusCode.BadRequest, 603);
    }

    [Theory]
    [MemberData(nameof(Vendors.All), MemberType = typeof(Vendors))]
    public async Task TheProvidersErrorsAreAnswered601Or127Or602WithItsCodeInTheLog(string vendor)
    {
        var (host, fake) = await StartAsync(vendor);
        await using var _ = host;
        await using var __ = fake;

        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phone("0601") })).AssertError(HttpStatusCode.BadRequest, 601);
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phone("0127") })).AssertError(HttpStatusCode.BadRequest, 127);
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phone("0500") })).AssertError(HttpStatusCode.BadRequest, 602, "The SMS could not be sent. Try again later.");
        var providerCode = vendor switch
        {
            "aliyun" => "isv.AMOUNT_NOT_ENOUGH", "tencent" => "FailedOperation.InsufficientBalanceInSmsPackage", "twilio" => "20500", _ => "602",
        };
        Assert.Contains(providerCode, host.Logs.All);
        Assert.All(fake.Requests, r => Assert.DoesNotContain(r.Code ?? "no code", host.Logs.All));
    }

    [Theory]
    [MemberData(nameof(Vendors.All), MemberType = typeof(Vendors))]
    public async Task ATimeoutIsAnswered602AndNeverRetried(string vendor)
    {
        // Below the fake's 5 s hang, with room for a loaded machine: at 300 ms this test failed once under double load.
        var (host, fake) = await StartAsync(vendor, new() { [$"Sms:{Section(vendor)}:Timeout"] = "00:00:02" });
        await using var _ = host;
        await using var __ = fake;
        var phone = Phone("0999");
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).AssertError(HttpStatusCode.BadRequest, 602);
        Assert.Single(fake.To(phone));
        Assert.Contains("timeout", host.Logs.All);
    }

    [Theory]
    [MemberData(nameof(Vendors.All), MemberType = typeof(Vendors))]
    public async Task AWrongSecretIsRefusedByTheProvidersSignatureCheck(string vendor)
    {
        var secret = vendor switch { "aliyun" => "Sms:Aliyun:AccessKeySecret", "tencent" => "Sms:Tencent:SecretKey", "twilio" => "Sms:Twilio:AuthToken", _ => "Sms:LeanCloud:AppKey" };
        var (host, fake) = await StartAsync(vendor, new() { [secret] = "not-the-secret" });
        await using var _ = host;
        await using var __ = fake;
        var phone = Phones.NewMainland();
        (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).AssertError(HttpStatusCode.BadRequest, 602);
        Assert.False(Assert.Single(fake.To(phone)).SignatureValid);
    }

    private static string Section(string vendor) => vendor switch { "aliyun" => "Aliyun", "tencent" => "Tencent", "twilio" => "Twilio", _ => "LeanCloud" };

    [Fact]
    public async Task AliyunGetsItsNumberFormatSignAndTemplatePerPurposeAndLocale()
    {
        var (host, fake) = await StartAsync("aliyun", new()
        {
            ["Sms:Aliyun:Templates:bind"] = "SMS_BIND",
            ["Sms:Aliyun:LocalizedTemplates:en:login"] = "SMS_EN_LOGIN",
            ["Limits:AllowedCountryCodes:0"] = "*",
        });
        await using var _ = host;
        await using var __ = fake;
        var phone = Phones.NewMainland();
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: new Dictionary<string, string> { ["Accept-Language"] = "zh-CN" });
        var request = Assert.Single(fake.To(phone));
        Assert.Equal(phone[3..], request.Fields["PhoneNumbers"]);
        Assert.Equal("电话认证", request.Fields["SignName"]);
        Assert.Equal("SMS_DEFAULT", request.Fields["TemplateCode"]);
        Assert.Equal($$"""{"code":"{{request.Code}}"}""", request.Fields["TemplateParam"]);

        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone }, headers: new Dictionary<string, string> { ["Accept-Language"] = "en" });
        Assert.Equal("SMS_EN_LOGIN", fake.To(phone)[^1].Fields["TemplateCode"]);

        // International numbers: country code and national number, without "+", however the client wrote them.
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = "00852 9123 4567" });
        Assert.Equal("85291234567", Assert.Single(fake.To("+85291234567")).Fields["PhoneNumbers"]);
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = "+39 312 345 6789" });
        Assert.Equal("393123456789", Assert.Single(fake.To("+393123456789")).Fields["PhoneNumbers"]);
    }

    [Fact]
    public async Task TencentGetsItsTemplateParametersAndRegion()
    {
        var (host, fake) = await StartAsync("tencent", new()
        {
            ["Sms:Tencent:TemplateParams:0"] = "{code}", ["Sms:Tencent:TemplateParams:1"] = "{minutes}", ["Sms:Tencent:Region"] = "ap-beijing",
            ["Limits:AllowedCountryCodes:0"] = "*",
        });
        await using var _ = host;
        await using var __ = fake;
        var phone = Phones.NewMainland();
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone });
        var request = Assert.Single(fake.To(phone));
        Assert.Equal($$"""["{{request.Code}}","5"]""", request.Fields["TemplateParamSet"]);
        Assert.Equal("ap-beijing", request.Fields["Region"]);
        Assert.Equal("1400006666", request.Fields["SmsSdkAppId"]);

        // Tencent's documented form is E.164 for mainland and international numbers alike.
        Assert.Equal(phone, request.Phone);
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = "00852 9123-4567" });
        Assert.Equal("+85291234567", Assert.Single(fake.Requests, r => r.Phone != phone).Phone);
    }

    [Fact]
    public async Task TwilioGetsATextPerPurposeAndLocaleAndAMessagingService()
    {
        var (host, fake) = await StartAsync("twilio", new()
        {
            ["Sms:Twilio:MessagingServiceSid"] = "MG999",
            ["Sms:Texts:zh:register"] = "【电话认证】注册验证码 {code}，{minutes} 分钟有效。",
        });
        await using var _ = host;
        await using var __ = fake;
        var phone = Phones.NewMainland();
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone, purpose = "register" },
            headers: new Dictionary<string, string> { ["Accept-Language"] = "zh-CN" });
        var request = Assert.Single(fake.To(phone));
        Assert.Equal($"【电话认证】注册验证码 {request.Code}，5 分钟有效。", request.Fields["Body"]);
        Assert.Equal("MG999", request.Fields["MessagingServiceSid"]);
        Assert.False(request.Fields.ContainsKey("From"));
    }

    [Fact]
    public async Task LeanCloudMakesAndChecksTheCodeWhileTheServerKeepsItsLimitsAndPurposes()
    {
        var (host, fake) = await StartAsync("leancloud");
        await using var _ = host;
        await using var __ = fake;
        Assert.Contains("LeanCloud, which stops all public service on 2027-01-12", host.Logs.All);
        var phone = Phones.NewMainland();

        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone, purpose = "register" });
        var request = Assert.Single(fake.To(phone));
        Assert.Equal("register", request.Fields["op"]);
        Assert.Equal("5", request.Fields["ttl"]);
        // The code LeanCloud made is bound to its purpose here: it cannot log in...
        (await host.Client.CallAsync("signUpOrlogInWithMobilePhone", new { phoneNumber = phone, code = request.Code })).AssertError(HttpStatusCode.BadRequest, 603);
        // ...and the server's own resend interval still applies.
        Assert.Equal(601, (await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone })).Code);
        Assert.Single(fake.To(phone));
        var token = await host.Client.RunAsync("registerWithMobilePhone", new { phoneNumber = phone, code = request.Code });
        Assert.StartsWith("r:", (string)token!);
    }

    [Fact]
    public async Task TheSendLogRecordsEveryAttemptWithoutTheCodeForTheMasterKeyOnly()
    {
        var (host, fake) = await StartAsync("aliyun");
        await using var _ = host;
        await using var __ = fake;
        var phone = Phones.NewMainland();
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = phone, purpose = "register" });
        await host.Client.CallAsync("requestSmsCode", new { phoneNumber = Phone("0500") });

        var log = await host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog", master: true);
        Assert.Equal(2, log.Body["results"]!.Count());
        var sent = (await host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog?where=" + Uri.EscapeDataString($$"""{"phone":"{{phone}}"}"""), master: true)).Body["results"]![0]!;
        Assert.Equal("aliyun", (string?)sent["provider"]);
        Assert.StartsWith("biz-", (string?)sent["messageId"]);
        Assert.Equal("sent", (string?)sent["status"]);
        Assert.Equal("register", (string?)sent["purpose"]);
        Assert.True((int)sent["latencyMs"]! >= 0);
        Assert.DoesNotContain(fake.To(phone)[0].Code!, log.Raw);
        var failed = log.Body["results"]!.Single(e => (string?)e["status"] == "failed");
        Assert.Equal("isv.AMOUNT_NOT_ENOUGH", (string?)failed["errorCode"]);

        (await host.Client.RestAsync(HttpMethod.Get, "classes/_SmsLog")).AssertError(HttpStatusCode.BadRequest, 119);
    }
}
