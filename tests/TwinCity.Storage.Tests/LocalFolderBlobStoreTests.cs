using TwinCity.Models.Storage;

namespace TwinCity.Storage.Tests;

/// <summary>The blob-store contract on the embedded default: a folder inside a temporary parent.</summary>
public sealed class LocalFolderBlobStoreTests : BlobStoreContract, IDisposable
{
    // The store sits one level down, so a name that escaped it would land in _parent and be seen.
    private readonly string _parent = Path.Combine(Path.GetTempPath(), "twincity-blobs-" + Guid.NewGuid().ToString("N"));

    protected override Task<IConditionalBlobStore> NewStoreAsync() =>
        Task.FromResult<IConditionalBlobStore>(new LocalFolderBlobStore(Path.Combine(_parent, "store-" + Guid.NewGuid().ToString("N"))));

    protected override Task AssertStoreIsEmpty(IConditionalBlobStore store)
    {
        var root = ((LocalFolderBlobStore)store).Root;
        Assert.Empty(Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories));
        Assert.Equal([root], Directory.EnumerateFileSystemEntries(_parent, "*", SearchOption.AllDirectories));
        return Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);
}
