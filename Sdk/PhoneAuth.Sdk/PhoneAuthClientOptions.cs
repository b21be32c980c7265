namespace PhoneAuth.Sdk;

/// <summary>How a <see cref="PhoneAuthClient"/> reaches its server.</summary>
public sealed class PhoneAuthClientOptions
{
    /// <summary>The server's Parse URL, e.g. https://auth.example.com/parse.</summary>
    public Uri ServerUrl { get; set; } = new("http://localhost:1337/parse");

    /// <summary>The application id.</summary>
    public string ApplicationId { get; set; } = "";

    /// <summary>A client key, when the server requires one (sent as X-Parse-Client-Key).</summary>
    public string? ClientKey { get; set; }

    /// <summary>Where the installation id and the current user are kept. Defaults to memory.</summary>
    public IClientStore Store { get; set; } = new InMemoryClientStore();

    /// <summary>
    /// Retries after a 5xx or a connection failure, as the Parse SDKs do: up to this many (4, so five
    /// attempts), with a random back-off of up to 125 ms × 2^attempt. Never after a 4xx.
    /// </summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The base of the back-off. Defaults to 125 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(125);
}
