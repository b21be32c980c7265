using System.Text.Json;

namespace PhoneAuth.Sdk;

/// <summary>
/// Keeps the state in a JSON file, written atomically (a temporary file, then a rename). The file
/// holds a session token: keep it where only the user can read it. On Unix it is created readable
/// by its owner only.
/// </summary>
public sealed class FileClientStore(string path) : IClientStore
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The file's full path.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc/>
    public async Task<ClientState?> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(Path)) return null;
            using var stream = File.OpenRead(Path);
            var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var root = document.RootElement;
            var installation = root.GetProperty("installationId").GetString()!;
            JsonElement? user = root.TryGetProperty("currentUser", out var value) && value.ValueKind == JsonValueKind.Object ? value.Clone() : null;
            return new ClientState(installation, user);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null; // an unreadable file is no state: the user logs in again
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async Task SaveAsync(ClientState state, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            var temporary = Path + ".tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(stream, new { installationId = state.InstallationId, currentUser = state.CurrentUser }, cancellationToken: cancellationToken);
            }
#if NET
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
#endif
#if NET
            File.Move(temporary, Path, overwrite: true);
#else
            if (File.Exists(Path)) File.Replace(temporary, Path, null);
            else File.Move(temporary, Path);
#endif
        }
        finally
        {
            _gate.Release();
        }
    }
}
