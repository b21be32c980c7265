using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>An answer: status, body and headers, exactly as they came over the wire.</summary>
public sealed record WireResponse(HttpStatusCode Status, JToken Body, HttpResponseHeaders Headers, string Raw)
{
    public int Code => (int?)Body["code"] ?? 0;
    public string? Error => (string?)Body["error"];

    /// <summary>Asserts a Parse error answer: status, code and message.</summary>
    public void AssertError(HttpStatusCode status, int code, string? message = null)
    {
        Assert.Equal(status, Status);
        Assert.Equal(code, Code);
        if (message is not null) Assert.Equal(message, Error);
    }
}

/// <summary>
/// Speaks the Parse REST dialect two ways: as REST clients do (X-Parse-* headers) and as the Parse JS
/// SDK does (POST, text/plain, keys and _method in the body).
/// </summary>
public sealed class ParseClient(HttpClient http, string appId)
{
    /// <summary>A REST call with keys in headers.</summary>
    public async Task<WireResponse> RestAsync(HttpMethod method, string path, object? body = null,
        string? sessionToken = null, bool master = false, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Add("X-Parse-Application-Id", appId);
        if (sessionToken is not null) request.Headers.Add("X-Parse-Session-Token", sessionToken);
        if (master) request.Headers.Add("X-Parse-Master-Key", TestHost.MasterKey);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        if (body is not null)
            request.Content = new StringContent(body is string s ? s : JToken.FromObject(body).ToString(), Encoding.UTF8, "application/json");
        return await SendAsync(request);
    }

    /// <summary>A call shaped like the JS SDK's: always POST, text/plain, envelope keys in the body.</summary>
    public async Task<WireResponse> SdkAsync(string path, JObject? body = null, string method = "POST",
        string? sessionToken = null, string? installationId = null, bool master = false)
    {
        var payload = body is null ? new JObject() : (JObject)body.DeepClone();
        if (method != "POST") payload["_method"] = method;
        payload["_ApplicationId"] = appId;
        payload["_ClientVersion"] = "js8.6.2";
        payload["_InstallationId"] = installationId ?? "00000000-0000-4000-8000-000000000000";
        if (sessionToken is not null) payload["_SessionToken"] = sessionToken;
        if (master) payload["_MasterKey"] = TestHost.MasterKey;
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(payload.ToString(), Encoding.UTF8, "text/plain"),
        };
        return await SendAsync(request);
    }

    /// <summary>Runs a cloud function and returns its result; fails the test on an error answer.</summary>
    public async Task<JToken> RunAsync(string function, object parameters, string? sessionToken = null)
    {
        var response = await RestAsync(HttpMethod.Post, "functions/" + function, parameters, sessionToken);
        Assert.True(response.Status == HttpStatusCode.OK, $"{function} answered {(int)response.Status}: {response.Raw}");
        return response.Body["result"]!;
    }

    public Task<WireResponse> CallAsync(string function, object parameters, string? sessionToken = null, IDictionary<string, string>? headers = null) =>
        RestAsync(HttpMethod.Post, "functions/" + function, parameters, sessionToken, headers: headers);

    /// <summary>Parses as the SDK does: dates stay the strings they are on the wire.</summary>
    public static JToken Parse(string json)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }

    private async Task<WireResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var raw = await response.Content.ReadAsStringAsync();
        JToken body;
        try { body = raw.Length == 0 ? JValue.CreateNull() : Parse(raw); }
        catch (Newtonsoft.Json.JsonException) { body = new JValue(raw); }
        return new WireResponse(response.StatusCode, body, response.Headers, raw);
    }
}
