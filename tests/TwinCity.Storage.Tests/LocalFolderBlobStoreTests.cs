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

    [Fact]
    public async Task A_versioned_blob_is_rewritten_in_place_so_an_open_reader_of_the_file_sees_the_new_bytes()
    {
        var store = (LocalFolderBlobStore)await NewStoreAsync();
        var first = await store.WriteIfMatchAsync("grains/b", new byte[] { 1, 1, 1 }, expectedETag: null);
        await using var open = new FileStream(Path.Combine(store.Root, "grains", "b"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        await store.WriteIfMatchAsync("grains/b", new byte[] { 2, 2, 2, 2 }, first);

        // A move into place would have left this handle on the old file, which never held a 2.
        var bytes = new byte[open.Length];
        open.ReadExactly(bytes);
        Assert.Contains((byte)2, bytes);
        Assert.Equal(["b"], Directory.EnumerateFileSystemEntries(Path.Combine(store.Root, "grains")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(31)]
    public async Task A_write_cut_short_in_its_header_leaves_the_previous_version_readable_and_writable(int headerBytesWritten)
    {
        var store = (LocalFolderBlobStore)await NewStoreAsync();
        var path = Path.Combine(store.Root, "grains", "b");
        var first = await store.WriteIfMatchAsync("grains/b", new byte[] { 1, 2, 3 }, expectedETag: null);
        var second = await store.WriteIfMatchAsync("grains/b", new byte[] { 4, 5, 6, 7 }, first);
        var before = await File.ReadAllBytesAsync(path);
        await store.WriteIfMatchAsync("grains/b", new byte[] { 8, 9 }, second);
        var after = await File.ReadAllBytesAsync(path);

        // The crash: the third version's data is in the file, its header only partly.
        var slot = before.AsSpan(0, 32).SequenceEqual(after.AsSpan(0, 32)) ? 1 : 0;
        var torn = after.ToArray();
        before.AsSpan((slot * 32) + headerBytesWritten, 32 - headerBytesWritten).CopyTo(torn.AsSpan((slot * 32) + headerBytesWritten));
        await File.WriteAllBytesAsync(path, torn);

        var read = await store.ReadVersionedAsync("grains/b");
        Assert.Equal(new byte[] { 4, 5, 6, 7 }, read!.Content);
        Assert.Equal(second, read.ETag);
        var next = await store.WriteIfMatchAsync("grains/b", new byte[] { 10 }, second);
        Assert.Equal(new VersionedBlob([10], next), await store.ReadVersionedAsync("grains/b"), VersionedBlobComparer.Instance);
    }

    [Fact]
    public async Task A_file_with_neither_version_whole_is_reported_as_damaged_by_name()
    {
        var store = (LocalFolderBlobStore)await NewStoreAsync();
        var path = Path.Combine(store.Root, "grains", "b");
        await store.WriteIfMatchAsync("grains/b", new byte[] { 1, 2, 3 }, expectedETag: null);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0xff; // the only version's data
        await File.WriteAllBytesAsync(path, bytes);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ReadVersionedAsync("grains/b"));
        Assert.Contains("grains/b", error.Message);
        await Assert.ThrowsAsync<InvalidDataException>(() => store.WriteIfMatchAsync("grains/b", new byte[] { 9 }, expectedETag: null));
    }

    [Fact]
    public async Task A_blob_an_older_release_wrote_whole_is_read_and_becomes_a_record_at_its_next_write()
    {
        var store = (LocalFolderBlobStore)await NewStoreAsync();
        Directory.CreateDirectory(Path.Combine(store.Root, "grains"));
        await File.WriteAllBytesAsync(Path.Combine(store.Root, "grains", "old"), [7, 7, 7]);

        var old = await store.ReadVersionedAsync("grains/old");
        Assert.Equal(new byte[] { 7, 7, 7 }, old!.Content);
        await Assert.ThrowsAsync<BlobConflictException>(() => store.WriteIfMatchAsync("grains/old", new byte[] { 1 }, expectedETag: null));
        var next = await store.WriteIfMatchAsync("grains/old", new byte[] { 8 }, old.ETag);

        Assert.Equal(new VersionedBlob([8], next), await store.ReadVersionedAsync("grains/old"), VersionedBlobComparer.Instance);
        Assert.Equal("TCR1"u8.ToArray(), (await File.ReadAllBytesAsync(Path.Combine(store.Root, "grains", "old")))[..4]);
    }

    public void Dispose() => Directory.Delete(_parent, recursive: true);

    private sealed class VersionedBlobComparer : IEqualityComparer<VersionedBlob?>
    {
        public static readonly VersionedBlobComparer Instance = new();

        public bool Equals(VersionedBlob? x, VersionedBlob? y) =>
            x is not null && y is not null && x.ETag == y.ETag && x.Content.AsSpan().SequenceEqual(y.Content);

        public int GetHashCode(VersionedBlob? obj) => obj?.ETag.GetHashCode() ?? 0;
    }
}
