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

    [Theory]
    [InlineData("nothing written")]
    [InlineData("all but the first header")]
    [InlineData("the first header cut short")]
    public async Task A_first_write_cut_short_reads_as_never_written_and_the_next_write_creates_the_blob(string cut)
    {
        var store = (LocalFolderBlobStore)await NewStoreAsync();
        var path = Path.Combine(store.Root, "grains", "b");
        await store.WriteIfMatchAsync("grains/b", new byte[] { 1, 2, 3 }, expectedETag: null);
        var whole = await File.ReadAllBytesAsync(path);

        // A new blob's file is written in place: the data and the second header, then the first header.
        byte[] torn = cut switch
        {
            "nothing written" => [],
            "all but the first header" => [.. new byte[32], .. whole[32..]],
            _ => [.. whole[..8], .. new byte[24], .. whole[32..]],
        };
        await File.WriteAllBytesAsync(path, torn);

        Assert.Null(await store.ReadVersionedAsync("grains/b"));
        await Assert.ThrowsAsync<BlobConflictException>(() => store.WriteIfMatchAsync("grains/b", new byte[] { 9 }, "\"r1\""));
        var created = await store.WriteIfMatchAsync("grains/b", new byte[] { 4, 5 }, expectedETag: null);
        Assert.Equal(new VersionedBlob([4, 5], created), await store.ReadVersionedAsync("grains/b"), VersionedBlobComparer.Instance);
    }

    [Fact]
    public async Task A_new_blob_is_created_under_its_own_name_with_no_temporary_file_beside_it()
    {
        var store = (LocalFolderBlobStore)await NewStoreAsync();
        var folder = Directory.CreateDirectory(Path.Combine(store.Root, "history", "b")).FullName;
        using var watcher = new FileSystemWatcher(folder) { EnableRaisingEvents = true };
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        watcher.Created += (_, e) => seen.Enqueue(e.Name!);
        watcher.Renamed += (_, e) => seen.Enqueue($"{e.OldName} -> {e.Name}");

        await store.WriteVersionAsync("history/b/0-0", new byte[] { 1, 2, 3 });
        await store.WriteVersionAsync("history/b/0-1", new byte[] { 4 });

        Assert.Equal(new byte[] { 1, 2, 3 }, (await store.ReadVersionedAsync("history/b/0-0"))!.Content);
        Assert.Equal(["0-0", "0-1"], Directory.EnumerateFiles(folder).Select(Path.GetFileName).Order());
        for (var waited = 0; seen.Count < 2 && waited < 5_000; waited += 20)
        {
            await Task.Delay(20); // the watcher reports after the fact
        }

        // A temporary file moved into place would have been seen as one more name and a rename.
        Assert.Equal(["0-0", "0-1"], seen.Order());
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
