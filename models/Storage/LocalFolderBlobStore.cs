namespace TwinCity.Models.Storage;

/// <summary>
/// The embedded default blob store: one folder on the local disk. Writes go to a temporary
/// file first and are moved into place, so a reader never sees half a blob.
/// </summary>
/// <remarks>
/// It lives beside the contract (rather than in silo/) because the importers write tiles
/// through it and must not depend on the silo; it needs nothing but the base library.
/// </remarks>
public sealed class LocalFolderBlobStore : IBlobStore
{
    private readonly string _root;

    /// <summary>Creates the store over <paramref name="root"/>, creating the folder if needed.</summary>
    public LocalFolderBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    /// <summary>The folder this store writes to.</summary>
    public string Root => _root;

    /// <inheritdoc />
    /// <remarks>
    /// Synchronous inside: a local write of a tile takes well under a millisecond, while the async file
    /// API on Linux queues the same blocking write to the thread pool and copies the bytes first. The
    /// folder is created only when the first write into it finds it missing: checking it before every
    /// write costs a system call per blob, which on slow file systems adds up over thousands of tiles.
    /// </remarks>
    public Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            var path = Resolve(name);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                WriteFile(temporary, content.Span);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                WriteFile(temporary, content.Span);
            }

            try
            {
                File.Move(temporary, path, overwrite: true);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }

            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    private static void WriteFile(string path, ReadOnlySpan<byte> content)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            stream.Write(content);
        }
        catch (Exception ex) when (ex is not DirectoryNotFoundException)
        {
            TryDelete(path); // no half-written temporary file left behind
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The write's own error is the one to report.
        }
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = Resolve(name);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 16 * 1024, useAsync: true)
            : null;
        return Task.FromResult(stream);
    }

    /// <inheritdoc />
    public Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var path = Resolve(prefix);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string Resolve(string name)
    {
        var path = Path.GetFullPath(Path.Combine(_root, BlobName.Validate(name)));
        // Validate already forbids '..'; this second check guards against a future change to it.
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Blob name '{name}' resolves outside the store.", nameof(name));
        }

        return path;
    }
}
