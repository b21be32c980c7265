using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>How a LeanCloud request proves its app: the SDKs sign, REST users send the key.</summary>
public enum LeanCloudAuth { Sign, MasterSign, Key, MasterKey, None }

/// <summary>
/// Speaks LeanCloud's REST dialect at /1.1 as its SDKs do. It signs with its own MD5 code, not the
/// server's, so that the server's check is tested against an independent implementation.
/// </summary>
public sealed class LeanCloudClient(TestHost host)
{
    public const string AppId = "lc-test-app";
    public const string AppKey = "lc-test-app-key";
    public const string MasterKey = "lc-test-master-key";

    /// <summary>The settings that turn the dialect on with this client's keys.</summary>
    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["LeanCloud:AppId"] = AppId, ["LeanCloud:AppKey"] = AppKey, ["LeanCloud:MasterKey"] = MasterKey };
        foreach (var (key, value) in more ?? []) settings[key] = value;
        return settings;
    }

    /// <summary>md5(timestamp + key) in lower-case hex, a comma, the timestamp[, ",master"].</summary>
    public static string Sign(DateTimeOffset at, string key, bool master = false)
    {
        var timestamp = at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(timestamp + key)));
        return master ? $"{hash},{timestamp},master" : $"{hash},{timestamp}";
    }

    public async Task<WireResponse> CallAsync(HttpMethod method, string path, object? body = null, string? session = null,
        LeanCloudAuth auth = LeanCloudAuth.Sign, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(host.ServerUrl, "/1.1/" + path.TrimStart('/')));
        if (auth != LeanCloudAuth.None) request.Headers.Add("X-LC-Id", AppId);
        switch (auth)
        {
            case LeanCloudAuth.Sign: request.Headers.Add("X-LC-Sign", Sign(host.Time.GetUtcNow(), AppKey)); break;
            case LeanCloudAuth.MasterSign: request.Headers.Add("X-LC-Sign", Sign(host.Time.GetUtcNow(), MasterKey, master: true)); break;
            case LeanCloudAuth.Key: request.Headers.Add("X-LC-Key", AppKey); break;
            case LeanCloudAuth.MasterKey: request.Headers.Add("X-LC-Key", MasterKey + ",master"); break;
        }
        if (session is not null) request.Headers.Add("X-LC-Session", session);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
            request.Content = new StringContent(body is string s ? s : JToken.FromObject(body).ToString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await host.Http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JToken parsed;
        try { parsed = raw.Length == 0 ? JValue.CreateNull() : ParseClient.Parse(raw); }
        catch (Newtonsoft.Json.JsonException) { parsed = new JValue(raw); }
        return new WireResponse(response.StatusCode, parsed, response.Headers, raw);
    }

    public Task<WireResponse> PostAsync(string path, object? body = null, string? session = null) => CallAsync(HttpMethod.Post, path, body ?? new { }, session);

    /// <summary>requestSmsCode then the code from the outbox, as a user reads the SMS.</summary>
    public async Task<string> SmsCodeAsync(string phone, string endpoint = "requestSmsCode", string? session = null)
    {
        var sent = await PostAsync(endpoint, new { mobilePhoneNumber = phone }, session);
        Assert.True(sent.Status == System.Net.HttpStatusCode.OK, $"{endpoint} answered {(int)sent.Status}: {sent.Raw}");
        return host.Outbox.LatestCode(phone);
    }

    /// <summary>A new phone user through usersByMobilePhone; returns its session token and id.</summary>
    public async Task<(string Token, string Id)> SignUpByPhoneAsync(string phone)
    {
        var user = await PostAsync("usersByMobilePhone", new { mobilePhoneNumber = phone, smsCode = await SmsCodeAsync(phone) });
        Assert.True(user.Status == System.Net.HttpStatusCode.Created, user.Raw);
        return ((string)user.Body["sessionToken"]!, (string)user.Body["objectId"]!);
    }
}
