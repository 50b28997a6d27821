namespace TwinCity.Models.Storage;

/// <summary>
/// A blob store that can version its blobs, so that grain state written through it gets optimistic
/// concurrency (DESIGN §5): a write names the version it replaces and fails when another writer
/// got there first, instead of overwriting.
/// </summary>
/// <remarks>
/// Kept apart from <see cref="IBlobStore"/> so that stores which only hold tiles and sources
/// (and the test doubles of other projects) need not implement versioning.
/// </remarks>
public interface IConditionalBlobStore : IBlobStore
{
    /// <summary>Reads a whole blob with its version tag, or returns null when it does not exist.</summary>
    Task<VersionedBlob?> ReadVersionedAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a blob only if its current version is <paramref name="expectedETag"/> (null: only if it
    /// does not exist yet) and returns the new version tag.
    /// </summary>
    /// <exception cref="BlobConflictException">The blob changed (or appeared, or vanished) since <paramref name="expectedETag"/>; nothing was written.</exception>
    Task<string> WriteIfMatchAsync(string name, ReadOnlyMemory<byte> content, string? expectedETag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes a blob whatever version it holds, for blobs with one writer that are rewritten often (a history
    /// chunk while it fills), and returns the new version tag. Read it back with <see cref="ReadVersionedAsync"/>.
    /// </summary>
    Task<string> WriteVersionAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Deletes a blob only if its current version is <paramref name="expectedETag"/>; a missing blob is not an error when <paramref name="expectedETag"/> is null.</summary>
    /// <exception cref="BlobConflictException">The blob changed since <paramref name="expectedETag"/>; nothing was deleted.</exception>
    Task DeleteIfMatchAsync(string name, string? expectedETag, CancellationToken cancellationToken = default);
}
