namespace PhoneAuth.Server.Demo;

/// <summary>The <c>Demo</c> section: the newcomers' page at <c>/</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>
    /// Whether <c>/</c> serves the demo page. Defaults to on in Development and off elsewhere (unset);
    /// set true or false to decide. The page only calls the public Parse API, so it holds no secret.
    /// </summary>
    public bool? Enabled { get; set; }
}
