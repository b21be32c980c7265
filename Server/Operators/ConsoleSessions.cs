using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using PhoneAuth.Server.Dialects.Kernel;
using PhoneAuth.Server.Dialects.Parse;

namespace PhoneAuth.Server.Operators;

/// <summary>
/// Console sessions: nothing stored on the server; the cookie itself holds when the session began, when it was
/// last used and a fingerprint of the master key, sealed by ASP.NET Data Protection (so several processes need
/// one key ring: <see cref="ConsoleOptions.KeysPath"/>). Changing the master key ends every console session.
/// The cookie is HttpOnly, SameSite=Strict, limited to /console, Secure on HTTPS, and has no expiry date: the
/// browser drops it when closed, the server after <see cref="ConsoleOptions.SessionIdleTimeout"/> idle.
/// </summary>
public sealed class ConsoleSessions(IDataProtectionProvider protection, IOptions<ConsoleOptions> options, IOptions<ParseOptions> parse, TimeProvider time)
{
    public const string CookieName = "phoneauth-console";
    public const string CookiePath = "/console";

    /// <summary>A session is re-sealed (its idle clock restarted) at most this often.</summary>
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = protection.CreateProtector("PhoneAuth.Console.Session.v1");

    /// <summary>Whether <paramref name="candidate"/> is the master key, compared in constant time.</summary>
    public bool IsMasterKey(string? candidate) =>
        !string.IsNullOrEmpty(parse.Value.MasterKey) && Secrets.Equal(candidate, parse.Value.MasterKey);

    public void SignIn(HttpContext http)
    {
        var now = time.GetUtcNow();
        Write(http, now, now);
    }

    public void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, CookieOptions(http));

    /// <summary>Whether the request carries a live console session; restarts its idle clock.</summary>
    public bool Validate(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var sealedValue) || string.IsNullOrEmpty(sealedValue)) return false;
        string payload;
        try { payload = _protector.Unprotect(sealedValue); }
        catch (CryptographicException) { return false; }
        var parts = payload.Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var issuedMs)
            || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var seenMs)) return false;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[2]), Encoding.ASCII.GetBytes(Fingerprint()))) return false;
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        var seen = DateTimeOffset.FromUnixTimeMilliseconds(seenMs);
        var now = time.GetUtcNow();
        if (now - seen >= options.Value.SessionIdleTimeout || now - issued >= options.Value.SessionMaxLifetime || seen > now + RefreshEvery) return false;
        if (now - seen >= RefreshEvery) Write(http, issued, now);
        return true;
    }

    private void Write(HttpContext http, DateTimeOffset issued, DateTimeOffset seen)
    {
        var payload = string.Join('|', issued.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            seen.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), Fingerprint());
        http.Response.Cookies.Append(CookieName, _protector.Protect(payload), CookieOptions(http));
    }

    /// <summary>A hash of the master key, inside the sealed cookie only: a new master key ends old console sessions.</summary>
    private string Fingerprint() =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("PhoneAuth console session\n" + parse.Value.MasterKey)))[..32];

    internal static CookieOptions CookieOptions(HttpContext http) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = CookiePath,
        IsEssential = true,
    };
}
