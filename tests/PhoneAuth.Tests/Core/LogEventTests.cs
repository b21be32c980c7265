using System.Reflection;
using Microsoft.Extensions.Logging;
using PhoneAuth.CloudFunctions;

namespace PhoneAuth.Tests.Core;

/// <summary>Operators filter and alert on event ids: each id names one kind of event.</summary>
public sealed class LogEventTests
{
    [Fact]
    public void EveryLogEventHasAnIdOfItsOwn()
    {
        var events = typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(EventId))
            .Select(f => (Field: f.Name, Event: (EventId)f.GetValue(null)!))
            .ToList();
        Assert.True(events.Count > 20, $"only {events.Count} events found");
        var shared = events.GroupBy(e => e.Event.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Field))}").ToList();
        Assert.True(shared.Count == 0, "Ids used twice: " + string.Join("; ", shared));
        Assert.All(events, e => Assert.Equal(e.Field, e.Event.Name));
    }
}
