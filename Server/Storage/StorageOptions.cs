namespace PhoneAuth.Server.Storage;

/// <summary>The <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>"sqlite" (the embedded default, one machine) or "postgres" (production, several processes).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// The provider's connection string. Defaults to a SQLite file under ./data, created on first run.
    /// For PostgreSQL, an Npgsql connection string: "Host=db;Database=phoneauth;Username=phoneauth;Password=…".
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/phoneauth.db";

    /// <summary>How often expired codes, sessions and old rate-limit events are deleted. Defaults to 1 minute.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long rate-limit events are kept. Must exceed the longest rate-limit window. Defaults to 2 days.
    /// </summary>
    public TimeSpan RateLimitRetention { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long the SMS send log is kept. Defaults to 90 days.</summary>
    public TimeSpan SmsLogRetention { get; set; } = TimeSpan.FromDays(90);
}
