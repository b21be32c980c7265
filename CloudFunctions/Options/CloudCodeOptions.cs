using System.ComponentModel.DataAnnotations;

namespace PhoneAuth.CloudFunctions.Options;

/// <summary>The <c>CloudCode</c> section: how the application's triggers are run (its assemblies are read by the host).</summary>
public sealed class CloudCodeOptions
{
    public const string Section = "CloudCode";

    /// <summary>
    /// How long one trigger may run. A before-trigger past it refuses its operation with 124; an
    /// after-trigger past it is logged. Its CancellationToken is cancelled then. Defaults to 10 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TriggerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How deep triggers may nest: a write made by a trigger runs its class's triggers one level deeper;
    /// a trigger that would run deeper is refused with 141 (its write fails, an after-trigger's error is
    /// only logged), so a trigger that saves its own class cannot loop. Defaults to 3.
    /// </summary>
    [Range(1, 16)]
    public int MaxTriggerDepth { get; set; } = 3;
}
