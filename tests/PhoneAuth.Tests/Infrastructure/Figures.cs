using Xunit.Abstractions;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>Figures a test reports: to its own output and to test-results/attack-figures.txt, which test.sh prints.</summary>
public static class Figures
{
    private static readonly Lock Gate = new();

    public static void Report(ITestOutputHelper output, string title, IEnumerable<(string Name, object Value)> figures)
    {
        var lines = new List<string> { title };
        lines.AddRange(figures.Select(f => $"  {f.Name,-52} {f.Value}"));
        foreach (var line in lines) output.WriteLine(line);
        var folder = Path.Combine(Paths.RepositoryRoot, "test-results");
        lock (Gate)
        {
            Directory.CreateDirectory(folder);
            File.AppendAllLines(Path.Combine(folder, "attack-figures.txt"), [.. lines, ""]);
        }
    }
}
