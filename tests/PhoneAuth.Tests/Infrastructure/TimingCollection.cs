namespace PhoneAuth.Tests.Infrastructure;

/// <summary>Timing measurements run alone, after the parallel tests, so that other tests' load does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
