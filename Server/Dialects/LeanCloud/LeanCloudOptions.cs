namespace PhoneAuth.Server.Dialects.LeanCloud;

/// <summary>
/// The <c>LeanCloud</c> section: the LeanCloud REST dialect, for apps moving here from LeanCloud. Set
/// the app's own id and keys, so that its clients need nothing changed but the server URL.
/// </summary>
public sealed class LeanCloudOptions
{
    public const string Section = "LeanCloud";

    /// <summary>The LeanCloud App ID clients send in X-LC-Id. Empty (the default): the dialect is off.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The App Key: clients sign with it (X-LC-Sign) or send it (X-LC-Key). Required when AppId is set.</summary>
    public string AppKey { get; set; } = "";

    /// <summary>The Master Key (",master" signatures). Defaults to Parse:MasterKey.</summary>
    public string MasterKey { get; set; } = "";

    /// <summary>Where the dialect is mounted. Defaults to "/1.1", where the LeanCloud SDKs call.</summary>
    public string MountPath { get; set; } = "/1.1";

    /// <summary>How far an X-LC-Sign timestamp may be from the server's clock. Defaults to 15 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. Defaults to 1 MiB.</summary>
    public long MaxBodySize { get; set; } = 1024 * 1024;

    /// <summary>
    /// Whether clients (not the master key) may query _User in /1.1. Defaults to false: LeanCloud closes
    /// _User's find to clients by default, and an app moved from there keeps that setting unless it opened it.
    /// </summary>
    public bool AllowClientUserQueries { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(AppId);
}
