namespace PhoneAuth.Tests.Sms;

/// <summary>How to start each vendor's fake and point the server at it.</summary>
public static class Vendors
{
    public static async Task<FakeSmsVendor> StartAsync(string name) => name switch
    {
        "aliyun" => await new FakeAliyun("ak-id", "ak-secret").StartAsync<FakeAliyun>(),
        "tencent" => await new FakeTencent("AKID-test", "tencent-secret").StartAsync<FakeTencent>(),
        "twilio" => await new FakeTwilio("AC123", "twilio-token").StartAsync<FakeTwilio>(),
        "leancloud" => await new FakeLeanCloud("lc-app", "lc-key").StartAsync<FakeLeanCloud>(),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The settings of provider <paramref name="name"/> pointing at <paramref name="fake"/>.</summary>
    public static Dictionary<string, string?> Settings(string name, FakeSmsVendor fake) => name switch
    {
        "aliyun" => new()
        {
            ["Sms:Aliyun:Endpoint"] = fake.Endpoint.ToString(), ["Sms:Aliyun:AccessKeyId"] = "ak-id", ["Sms:Aliyun:AccessKeySecret"] = "ak-secret",
            ["Sms:Aliyun:SignName"] = "电话认证", ["Sms:Aliyun:TemplateCode"] = "SMS_DEFAULT",
        },
        "tencent" => new()
        {
            ["Sms:Tencent:Endpoint"] = fake.Endpoint.ToString(), ["Sms:Tencent:SecretId"] = "AKID-test", ["Sms:Tencent:SecretKey"] = "tencent-secret",
            ["Sms:Tencent:SdkAppId"] = "1400006666", ["Sms:Tencent:SignName"] = "电话认证", ["Sms:Tencent:TemplateId"] = "449739",
        },
        "twilio" => new()
        {
            ["Sms:Twilio:Endpoint"] = fake.Endpoint.ToString(), ["Sms:Twilio:AccountSid"] = "AC123", ["Sms:Twilio:AuthToken"] = "twilio-token",
            ["Sms:Twilio:From"] = "+15005550006",
        },
        "leancloud" => new()
        {
            ["Sms:LeanCloud:ServerUrl"] = fake.Endpoint.ToString(), ["Sms:LeanCloud:AppId"] = "lc-app", ["Sms:LeanCloud:AppKey"] = "lc-key",
        },
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string> All => new() { "aliyun", "tencent", "twilio", "leancloud" };
}
