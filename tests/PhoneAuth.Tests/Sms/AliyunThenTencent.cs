using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Sms;

/// <summary>
/// Aliyun's and Tencent's fakes for a test class, with the settings of a server that sends through Aliyun and
/// fails over to Tencent: the failover tests and the console's view of a failover share them.
/// </summary>
public abstract class AliyunThenTencent : IAsyncLifetime
{
    protected FakeAliyun Aliyun { get; private set; } = null!;
    protected FakeTencent Tencent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Aliyun = (FakeAliyun)await Vendors.StartAsync("aliyun");
        Tencent = (FakeTencent)await Vendors.StartAsync("tencent");
    }

    public async Task DisposeAsync()
    {
        await Aliyun.DisposeAsync();
        await Tencent.DisposeAsync();
    }

    /// <summary>Both vendors' settings, Aliyun the provider and Tencent its failover.</summary>
    protected Dictionary<string, string?> FailoverSettings()
    {
        var settings = Vendors.Settings("aliyun", Aliyun);
        foreach (var (key, value) in Vendors.Settings("tencent", Tencent)) settings[key] = value;
        settings["Sms:Provider"] = "aliyun";
        settings["Sms:Failover:0"] = "tencent";
        return settings;
    }
}
