using System.Text.Json;
using PhoneAuth.Sdk.Transport;

namespace PhoneAuth.Sdk;

/// <summary>
/// A client for PhoneAuth, or any Parse Server: cloud functions, phone sign-in, password users, the
/// current user and its session. Thread-safe; every call takes a <see cref="CancellationToken"/>. It
/// speaks the Parse REST API (X-Parse-* headers), so the same code runs against Parse Server.
/// </summary>
public sealed partial class PhoneAuthClient
{
    private readonly ParseTransport _transport;
    private readonly IClientStore _store;
    private readonly SemaphoreSlim _stateGate = new(1, 1);
    private ClientState? _state;

    /// <summary>Uses <paramref name="http"/> for every request; the caller owns it.</summary>
    public PhoneAuthClient(HttpClient http, PhoneAuthClientOptions options) : this(() => http, options) { }

    /// <summary>Takes an HttpClient from <paramref name="factory"/> for every request (named <paramref name="clientName"/>).</summary>
    public PhoneAuthClient(IHttpClientFactory factory, PhoneAuthClientOptions options, string clientName = "PhoneAuth")
        : this(() => factory.CreateClient(clientName), options) { }

    private PhoneAuthClient(Func<HttpClient> http, PhoneAuthClientOptions options)
    {
        if (string.IsNullOrEmpty(options.ApplicationId)) throw new ArgumentException("ApplicationId is required.", nameof(options));
        _transport = new ParseTransport(http, options);
        _store = options.Store;
    }

    /// <summary>The logged-in user, from the store on first use; null when nobody is logged in.</summary>
    public async Task<ParseUser?> GetCurrentUserAsync(CancellationToken cancellationToken = default)
    {
        var state = await StateAsync(cancellationToken).ConfigureAwait(false);
        return state.CurrentUser is { } json ? ParseUser.FromJson(json) : null;
    }

    /// <summary>This installation's id, made once and kept by the store (one session per user and installation).</summary>
    public async Task<string> GetInstallationIdAsync(CancellationToken cancellationToken = default) =>
        (await StateAsync(cancellationToken).ConfigureAwait(false)).InstallationId;

    // ---- cloud functions ------------------------------------------------------------------------

    /// <summary>Runs a cloud function; <paramref name="parameters"/> is serialised as it is (an anonymous object, a dictionary).</summary>
    public async Task<T?> RunAsync<T>(string name, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Post, "functions/" + Uri.EscapeDataString(name), parameters ?? new { }, cancellationToken).ConfigureAwait(false);
        return answer.TryGetProperty("result", out var result) && result.ValueKind != JsonValueKind.Null
            ? result.Deserialize<T>(JsonDefaults.Options)
            : default;
    }

    // ---- password users -------------------------------------------------------------------------

    /// <summary>Signs up with a username and password (and optional fields), and makes the new user current.</summary>
    public async Task<ParseUser> SignUpAsync(string username, string password, IDictionary<string, object?>? fields = null, CancellationToken cancellationToken = default)
    {
        var body = new Dictionary<string, object?>(fields ?? new Dictionary<string, object?>()) { ["username"] = username, ["password"] = password };
        var answer = await SendAsync(HttpMethod.Post, "users", body, cancellationToken, sessionToken: null).ConfigureAwait(false);
        return await BecomeAsync(answer.GetProperty("sessionToken").GetString()!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs in with a username (or email) and password, and makes the user current.</summary>
    public async Task<ParseUser> LogInAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Post, "login", new { username, password }, cancellationToken, sessionToken: null).ConfigureAwait(false);
        return await SetCurrentAsync(ParseUser.FromJson(answer), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes the user of <paramref name="sessionToken"/> current (Parse.User.become); 209 if the token is not valid.</summary>
    public async Task<ParseUser> BecomeAsync(string sessionToken, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, "users/me", null, cancellationToken, sessionToken).ConfigureAwait(false);
        return await SetCurrentAsync(ParseUser.FromJson(answer, sessionToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Forgets the current user and ends its session on the server. The user is forgotten first, as
    /// the Parse SDKs do, so a server that already dropped the session does not keep it logged in here.
    /// </summary>
    public async Task LogOutAsync(CancellationToken cancellationToken = default)
    {
        var user = await GetCurrentUserAsync(cancellationToken).ConfigureAwait(false);
        await SetCurrentAsync(null, cancellationToken).ConfigureAwait(false);
        if (user?.SessionToken is { } token)
        {
            try { await _transport.SendAsync(HttpMethod.Post, "logout", new { }, token, await GetInstallationIdAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false); }
            catch (ParseException ex) when (ex.Code == ParseErrorCodes.InvalidSessionToken) { }
        }
    }

    /// <summary>Reads the current user again from the server.</summary>
    public async Task<ParseUser> FetchCurrentUserAsync(CancellationToken cancellationToken = default) =>
        await BecomeAsync(await RequireTokenAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Saves fields of the current user (values, or Parse operators such as <c>new { __op = "Increment", amount = 1 }</c>).
    /// Changing "password" ends the user's other sessions; the new session token is adopted here.
    /// </summary>
    public async Task<ParseUser> SaveCurrentUserAsync(IDictionary<string, object?> changes, CancellationToken cancellationToken = default)
    {
        var token = await RequireTokenAsync(cancellationToken).ConfigureAwait(false);
        var user = (await GetCurrentUserAsync(cancellationToken).ConfigureAwait(false))!;
        var answer = await SendAsync(HttpMethod.Put, "classes/_User/" + Uri.EscapeDataString(user.ObjectId), changes, cancellationToken, token).ConfigureAwait(false);
        if (answer.TryGetProperty("sessionToken", out var newToken)) token = newToken.GetString()!;
        return await BecomeAsync(token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current user's session (Parse.Session.current).</summary>
    public async Task<ParseSession> GetCurrentSessionAsync(CancellationToken cancellationToken = default)
    {
        var token = await RequireTokenAsync(cancellationToken).ConfigureAwait(false);
        return new ParseSession(await SendAsync(HttpMethod.Get, "sessions/me", null, cancellationToken, token).ConfigureAwait(false));
    }

    // ---- plumbing -------------------------------------------------------------------------------

    /// <summary>A request with the current user's token unless <paramref name="sessionToken"/> names one (or null for none).</summary>
    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken, string? sessionToken = "")
    {
        var state = await StateAsync(cancellationToken).ConfigureAwait(false);
        var token = sessionToken == "" ? (state.CurrentUser is { } json ? ParseUser.FromJson(json).SessionToken : null) : sessionToken;
        return await _transport.SendAsync(method, path, body, token, state.InstallationId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RequireTokenAsync(CancellationToken cancellationToken) =>
        (await GetCurrentUserAsync(cancellationToken).ConfigureAwait(false))?.SessionToken
        ?? throw new ParseException(ParseErrorCodes.InvalidSessionToken, "There is no current user.");

    private async Task<ParseUser> SetCurrentAsync(ParseUser? user, CancellationToken cancellationToken)
    {
        await _stateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = _state ?? await LoadAsync(cancellationToken).ConfigureAwait(false);
            _state = state with { CurrentUser = user is null ? null : WithToken(user) };
            await _store.SaveAsync(_state, cancellationToken).ConfigureAwait(false);
            return user!;
        }
        finally
        {
            _stateGate.Release();
        }
    }

    private async Task<ClientState> StateAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _state) is { } state) return state;
        await _stateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return _state ??= await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stateGate.Release();
        }
    }

    private async Task<ClientState> LoadAsync(CancellationToken cancellationToken)
    {
        if (await _store.LoadAsync(cancellationToken).ConfigureAwait(false) is { } saved) return saved;
        var fresh = new ClientState(Guid.NewGuid().ToString(), null);
        await _store.SaveAsync(fresh, cancellationToken).ConfigureAwait(false);
        return fresh;
    }

    /// <summary>The user's JSON with its session token, as the store keeps it.</summary>
    private static JsonElement WithToken(ParseUser user)
    {
        var fields = user.Json.EnumerateObject().Where(p => p.Name != "sessionToken").ToDictionary(p => p.Name, p => (object?)p.Value);
        if (user.SessionToken is not null) fields["sessionToken"] = user.SessionToken;
        return JsonSerializer.SerializeToElement(fields, JsonDefaults.Options);
    }
}
