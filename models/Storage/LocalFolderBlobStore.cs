namespace TwinCity.Models.Storage;

/// <summary>
/// The embedded default blob store: one folder on the local disk. Writes go to a temporary
/// file first and are moved into place, so a reader never sees half a blob.
/// </summary>
/// <remarks>
/// It lives beside the contract (rather than in silo/) because the importers write tiles
/// through it and must not depend on the silo; it needs nothing but the base library.
/// Versions (for <see cref="IConditionalBlobStore"/>) are the file's last write time and length;
/// the check and the move happen under a lock of this instance, so two stores over one folder (two
/// processes) do not see each other's conditional writes: the folder store is for one process,
/// the embedded default. A cluster uses the Azure store.
/// </remarks>
public sealed class LocalFolderBlobStore : IConditionalBlobStore
{
    private readonly string _root;
    private long _lastStamp;
    private readonly object[] _locks = Enumerable.Range(0, 1024).Select(_ => new object()).ToArray();

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
            Replace(Resolve(name), content.Span, stamp: null);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> and moves it into place.</summary>
    /// <param name="stamp">When given, the file's last write time, set on the open file (it survives the move).</param>
    private static void Replace(string path, ReadOnlySpan<byte> content, DateTime? stamp)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            WriteFile(temporary, content, stamp);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            // The folder is missing. When writers race to a new folder, .NET reports the failed create as
            // FileNotFound if another writer made the folder between the failure and its check (seen in CI).
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            WriteFile(temporary, content, stamp);
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
    }

    /// <inheritdoc />
    public Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = Resolve(name);
        try
        {
            // Read under the same lock as conditional writes: the bytes and the tag belong together.
            lock (LockFor(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
                var content = new byte[stream.Length];
                stream.ReadExactly(content);
                return Task.FromResult<VersionedBlob?>(new VersionedBlob(content, ETagOf(path)!));
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<VersionedBlob?>(null);
        }
    }

    /// <inheritdoc />
    public Task<string> WriteIfMatchAsync(string name, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var path = Resolve(name);
        lock (LockFor(path))
        {
            var actual = ETagOf(path);
            if (actual != expectedETag)
            {
                return Task.FromException<string>(new BlobConflictException(name, expectedETag, actual));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<string>(cancellationToken);
            }

            // File systems keep the write time at a coarse clock (a few ms on ext4): two writes of one
            // length inside a tick would share a tag. Stamp a strictly increasing time instead, on the
            // open file, so the tag is known without reading the file's times back.
            var stamp = NextStamp();
            try
            {
                Replace(path, content.Span, stamp);
            }
            catch (Exception ex)
            {
                return Task.FromException<string>(ex);
            }

            return Task.FromResult(ETagOf(stamp.Ticks, content.Length));
        }
    }

    private DateTime NextStamp()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastStamp);
            var next = Math.Max(DateTime.UtcNow.Ticks / 10 * 10, last + 10); // whole µs, 1 µs apart: kept exactly by every Linux file system
            if (Interlocked.CompareExchange(ref _lastStamp, next, last) == last)
            {
                return new DateTime(next, DateTimeKind.Utc);
            }
        }
    }

    /// <inheritdoc />
    public Task DeleteIfMatchAsync(string name, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var path = Resolve(name);
        lock (LockFor(path))
        {
            var actual = ETagOf(path);
            if (expectedETag is not null && actual != expectedETag)
            {
                return Task.FromException(new BlobConflictException(name, expectedETag, actual));
            }

            File.Delete(path);
            return Task.CompletedTask;
        }
    }

    private object LockFor(string path) => _locks[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_locks.Length];

    private static string? ETagOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? ETagOf(info.LastWriteTimeUtc.Ticks, info.Length) : null;
    }

    private static string ETagOf(long writeTicks, long length) => $"\"{writeTicks:x}-{length:x}\"";

    private static void WriteFile(string path, ReadOnlySpan<byte> content, DateTime? stamp)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            RandomAccess.Write(handle, content, fileOffset: 0);
            if (stamp is { } time)
            {
                File.SetLastWriteTimeUtc(handle, time);
            }
        }
        catch (Exception ex) when (ex is not (DirectoryNotFoundException or FileNotFoundException))
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
