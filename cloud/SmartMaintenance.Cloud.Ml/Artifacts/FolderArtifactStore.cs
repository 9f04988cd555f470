namespace SmartMaintenance.Cloud.Ml.Artifacts;

/// <summary>The default store: files under a local folder, written to a temp name then renamed (no torn artifacts).</summary>
public sealed class FolderArtifactStore : IArtifactStore
{
    private readonly string _root;

    public FolderArtifactStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public async Task<string> PutAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken);
        File.Move(temp, path, overwrite: true);
        return new Uri(path).AbsoluteUri;
    }

    public Task<byte[]> GetAsync(string uri, CancellationToken cancellationToken)
    {
        var parsed = new Uri(uri);
        if (!parsed.IsFile)
        {
            throw new ArgumentException($"'{uri}' is not a file URI; this registry's artifacts are in a folder store.", nameof(uri));
        }

        return File.ReadAllBytesAsync(parsed.LocalPath, cancellationToken);
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken) => Task.FromResult(Directory.Exists(_root));

    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"artifact key '{key}' leaves the store folder", nameof(key));
        }

        return path;
    }
}
