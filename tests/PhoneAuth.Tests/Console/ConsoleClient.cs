using System.Text.RegularExpressions;
using PhoneAuth.Tests.Infrastructure;

namespace PhoneAuth.Tests.Console;

/// <summary>A browser-like HTTP client of the console: its own cookies, no redirects followed, the CSRF token read from the page.</summary>
public sealed partial class ConsoleClient
{
    private readonly HttpClient _http;
    private readonly Dictionary<string, string> _cookies;
    private readonly bool _https;

    private ConsoleClient(HttpClient http, Dictionary<string, string> cookies, bool https, string csrf, HttpResponseMessage page, HttpResponseMessage signIn)
    {
        _cookies = cookies;
        _http = http;
        _https = https;
        Csrf = csrf;
        PageResponse = page;
        SignInResponse = signIn;
    }

    public string Csrf { get; }
    public HttpResponseMessage PageResponse { get; }
    public HttpResponseMessage SignInResponse { get; }

    /// <summary>Opens the sign-in page and posts the key with the page's CSRF token.</summary>
    public static async Task<ConsoleClient> SignInAsync(TestHost host, bool https = false, string masterKey = TestHost.MasterKey)
    {
        // Cookies are kept by hand: a CookieContainer would not send a Secure cookie to http://127.0.0.1, which the
        // server sees as HTTPS through the trusted proxy's X-Forwarded-Proto.
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = new Uri(host.ServerUrl, "/"),
        };
        var cookies = new Dictionary<string, string>();
        using var pageRequest = Request(HttpMethod.Get, "/console/login", https, cookies);
        var page = await Send(http, pageRequest, cookies);
        var csrf = CsrfField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        using var signInRequest = Request(HttpMethod.Post, "/console/login", https, cookies);
        signInRequest.Content = new FormUrlEncodedContent([new("__csrf", csrf), new("masterKey", masterKey)]);
        var signIn = await Send(http, signInRequest, cookies);
        return new ConsoleClient(http, cookies, https, csrf, page, signIn);
    }

    /// <summary>The same browser (its cookies) pointed at another host, e.g. another process or a restarted one.</summary>
    public ConsoleClient At(TestHost host) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(host.ServerUrl, "/") },
            new Dictionary<string, string>(_cookies), _https, Csrf, PageResponse, SignInResponse);

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path, _https, _cookies);
        return await Send(_http, request, _cookies);
    }

    public async Task<HttpResponseMessage> PostAsync(string path, string? csrf, params (string Name, string Value)[] fields)
    {
        using var request = Request(HttpMethod.Post, path, _https, _cookies);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (csrf is not null) form.Add(new("__csrf", csrf));
        request.Content = new FormUrlEncodedContent(form);
        return await Send(_http, request, _cookies);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, bool https, Dictionary<string, string> cookies)
    {
        var request = new HttpRequestMessage(method, path);
        if (https) request.Headers.Add("X-Forwarded-Proto", "https");
        if (cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => c.Key + "=" + c.Value)));
        return request;
    }

    /// <summary>Sends, then keeps the cookies the answer sets (and drops the ones it deletes).</summary>
    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpRequestMessage request, Dictionary<string, string> cookies)
    {
        var response = await http.SendAsync(request);
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var set) ? set : [])
        {
            var pair = header.Split(';')[0];
            var (name, value) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) cookies.Remove(name);
            else cookies[name] = value;
        }
        return response;
    }

    [GeneratedRegex("name=\"__csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
