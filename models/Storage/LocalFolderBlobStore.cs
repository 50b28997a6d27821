using Microsoft.Win32.SafeHandles;

namespace TwinCity.Models.Storage;

/// <summary>
/// The embedded default blob store: one folder on the local disk. Writes go to a temporary
/// file first and are moved into place, so a reader never sees half a blob.
/// </summary>
/// <remarks>
/// It lives beside the contract (rather than in silo/) because the importers write tiles
/// through it and must not depend on the silo; it needs nothing but the base library (and CRC-32 from System.IO.Hashing).
/// Versioned blobs (<see cref="IConditionalBlobStore"/>, grain state) are <see cref="RecordFile"/>s,
/// created and rewritten in place with the version before kept whole, because a move into place costs ten times
/// the write itself on ext4; their version tag is the record's sequence. Read them through
/// <see cref="ReadVersionedAsync"/>: <see cref="OpenReadAsync"/> gives the file as it is. Files that an
/// older release wrote whole are still read (tagged by write time and length) and become records at
/// their next write. The check and the write happen under a lock of this instance, so two stores over
/// one folder (two processes) do not see each other's conditional writes: the folder store is for one
/// process, the embedded default. A cluster uses the Azure store.
/// </remarks>
public sealed class LocalFolderBlobStore : IConditionalBlobStore
{
    private readonly string _root;
    private long _lastSequence;
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
            Replace(Resolve(name), content.Span);
            return Task.CompletedTask;
        }
        catch (Exception ex)
        {
            return Task.FromException(ex);
        }
    }

    /// <summary>Writes <paramref name="content"/> to a temporary file beside <paramref name="path"/> and moves it into place.</summary>
    private static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        WriteFile(temporary, content);
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
            // Under the lock of conditional writes: a record is read whole, never half rewritten.
            lock (LockFor(path))
            {
                using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var bytes = ReadAll(file);
                if (RecordFile.IsUnfinished(bytes))
                {
                    return Task.FromResult<VersionedBlob?>(null); // its first write never finished
                }

                var (record, etag) = Inspect(file, bytes);
                var content = etag is null ? throw Damaged(name) : record is { } version ? bytes.AsSpan((int)version.Offset, version.Length).ToArray() : bytes;
                return Task.FromResult<VersionedBlob?>(new VersionedBlob(content, etag));
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<VersionedBlob?>(null);
        }
        catch (Exception ex)
        {
            return Task.FromException<VersionedBlob?>(ex);
        }
    }

    /// <inheritdoc />
    public Task<string> WriteIfMatchAsync(string name, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken = default) =>
        WriteRecord(name, content, expectedETag, conditional: true, cancellationToken);

    /// <inheritdoc />
    public Task<string> WriteVersionAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        WriteRecord(name, content, expectedETag: null, conditional: false, cancellationToken);

    private Task<string> WriteRecord(string name, ReadOnlyMemory<byte> content, string? expectedETag, bool conditional, CancellationToken cancellationToken)
    {
        var path = Resolve(name);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string>(cancellationToken);
        }

        lock (LockFor(path))
        {
            try
            {
                using var file = OpenExisting(path, FileAccess.ReadWrite);
                var bytes = file is null ? null : ReadAll(file);
                var unfinished = bytes is not null && RecordFile.IsUnfinished(bytes);
                var (current, actual) = bytes is null || unfinished ? (null, null) : Inspect(file!, bytes);
                if (bytes is not null && !unfinished && actual is null && conditional)
                {
                    throw Damaged(name); // its version is unknown; an unconditional write starts it anew
                }

                if (conditional && actual != expectedETag)
                {
                    return Task.FromException<string>(new BlobConflictException(name, expectedETag, actual));
                }

                var sequence = Math.Max(NextSequence(), (current?.Sequence ?? 0) + 1);
                if (current is { } previous)
                {
                    RecordFile.Append(file!, previous, content.Span, sequence);
                }
                else if (file is null)
                {
                    // A new blob: written in place too. A new store gets hundreds of thousands of them in its first
                    // minutes (a building's state, a sensor's history slots), and a move into place is a second name
                    // and a rename each.
                    CreateRecord(path, content.Span, sequence);
                }
                else
                {
                    // One an older release wrote whole, or whose first write never finished: the one move into place it costs.
                    file.Dispose();
                    Replace(path, RecordFile.Create(content.Span, sequence));
                }

                return Task.FromResult(ETagOf(sequence));
            }
            catch (Exception ex)
            {
                return Task.FromException<string>(ex);
            }
        }
    }

    /// <inheritdoc />
    public Task DeleteIfMatchAsync(string name, string? expectedETag, CancellationToken cancellationToken = default)
    {
        var path = Resolve(name);
        lock (LockFor(path))
        {
            try
            {
                string? actual;
                using (var file = OpenExisting(path, FileAccess.Read))
                {
                    // A damaged record has no tag: only an unconditional delete removes it. An unfinished one is absent.
                    var bytes = file is null ? null : ReadAll(file);
                    actual = bytes is null || RecordFile.IsUnfinished(bytes) ? null : Inspect(file!, bytes).ETag;
                }

                if (expectedETag is not null && actual != expectedETag)
                {
                    return Task.FromException(new BlobConflictException(name, expectedETag, actual));
                }

                File.Delete(path);
                return Task.CompletedTask;
            }
            catch (Exception ex)
            {
                return Task.FromException(ex);
            }
        }
    }

    /// <summary>A sequence for a record: whole microseconds of the clock, strictly increasing in this process.</summary>
    private long NextSequence()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastSequence);
            var next = Math.Max(DateTime.UtcNow.Ticks / 10, last + 1);
            if (Interlocked.CompareExchange(ref _lastSequence, next, last) == last)
            {
                return next;
            }
        }
    }

    private static SafeFileHandle? OpenExisting(string path, FileAccess access)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, access, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static byte[] ReadAll(SafeFileHandle file)
    {
        var bytes = new byte[RandomAccess.GetLength(file)];
        var read = 0;
        while (read < bytes.Length && RandomAccess.Read(file, bytes.AsSpan(read), read) is var count and > 0)
        {
            read += count;
        }

        return read == bytes.Length ? bytes : bytes[..read];
    }

    /// <summary>
    /// What an existing file holds: its current record version (null for a file an older release wrote
    /// whole) and the version tag (null for a record with no whole version).
    /// </summary>
    private static (RecordFile.Version? Record, string? ETag) Inspect(SafeFileHandle file, byte[] bytes)
    {
        if (!RecordFile.IsRecord(bytes))
        {
            return (null, LegacyETag(file, bytes.Length));
        }

        var record = RecordFile.Current(bytes);
        return (record, record is { } version ? ETagOf(version.Sequence) : null);
    }

    private static InvalidDataException Damaged(string name) =>
        new($"Blob '{name}' is damaged: neither of the two versions its file keeps is whole.");

    private static string ETagOf(long sequence) => $"\"r{sequence:x}\"";

    /// <summary>The tag of a blob written whole by an older release: its write time and length.</summary>
    private static string LegacyETag(SafeFileHandle file, long length) => $"\"{File.GetLastWriteTimeUtc(file).Ticks:x}-{length:x}\"";

    private object LockFor(string path) => _locks[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_locks.Length];

    /// <summary>Creates the record file of a new blob at <paramref name="path"/>, in place (<see cref="RecordFile.WriteNew"/>), creating its folder if missing.</summary>
    private static void CreateRecord(string path, ReadOnlySpan<byte> content, long sequence)
    {
        using (var file = CreateNew(path))
        {
            try
            {
                RecordFile.WriteNew(file, content, sequence);
            }
            catch
            {
                TryDelete(path); // a failed first write leaves no blob, not an unfinished one
                throw;
            }
        }
    }

    private static void WriteFile(string path, ReadOnlySpan<byte> content)
    {
        using var handle = CreateNew(path);
        try
        {
            RandomAccess.Write(handle, content, fileOffset: 0);
        }
        catch
        {
            TryDelete(path); // no half-written temporary file left behind
            throw;
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist yet, for writing. The folder is created only when
    /// the first try finds it missing: checking it before every write costs a system call per blob.
    /// </summary>
    private static SafeFileHandle CreateNew(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            // The folder is missing. When writers race to a new folder, .NET reports the failed create as
            // FileNotFound if another writer made the folder between the failure and its check (seen in CI).
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
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
