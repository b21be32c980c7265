namespace PhoneAuth.Tests.Infrastructure;

/// <summary>A clock the test moves. Only GetUtcNow is faked; timers still run on real time.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public ManualTimeProvider() : this(DateTimeOffset.UtcNow) { }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
