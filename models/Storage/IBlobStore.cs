namespace TwinCity.Models.Storage;

/// <summary>
/// Where assets live (DESIGN §5): tiles, uploaded sources, snapshots. Names are relative,
/// '/'-separated and checked by <see cref="BlobName.Validate"/>; no implementation ever
/// resolves a name outside its own container or folder.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes (or replaces) a blob in one step: readers see the old bytes or the new, never a mix.</summary>
    Task WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading, or returns null when it does not exist.</summary>
    Task<Stream?> OpenReadAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes every blob whose name starts with <paramref name="prefix"/> followed by '/'.</summary>
    Task DeleteFolderAsync(string prefix, CancellationToken cancellationToken = default);
}
