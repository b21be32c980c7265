using System.Reflection;

namespace PhoneAuth.Server.Hosting;

/// <summary>
/// The demo's and the console's files, built into the server's assembly (as "assets/&lt;name&gt;"), so the
/// pages need nothing from outside the server (no CDN) and work offline, however the server is run.
/// </summary>
internal static class EmbeddedAssets
{
    private static readonly Assembly Assembly = typeof(EmbeddedAssets).Assembly;

    public static string ReadText(string name)
    {
        using var stream = Open(name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Serves one file with its content type; <paramref name="name"/> comes from the route table, never from the request.</summary>
    public static IResult Serve(string name, string contentType) => Results.Stream(Open(name), contentType);

    private static Stream Open(string name) =>
        Assembly.GetManifestResourceStream("assets/" + name) ?? throw new InvalidOperationException($"No embedded asset {name}.");
}
