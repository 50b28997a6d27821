using System.Text;
using TwinCity.Models.Storage;

namespace TwinCity.Storage.Tests;

/// <summary>
/// What every <see cref="IConditionalBlobStore"/> must do, run once per implementation
/// (<see cref="LocalFolderBlobStoreTests"/>, <see cref="AzureBlobStoreTests"/>).
/// </summary>
public abstract class BlobStoreContract
{
    /// <summary>A store over a new, empty folder or container.</summary>
    protected abstract Task<IConditionalBlobStore> NewStoreAsync();

    [Fact]
    public async Task Written_blob_reads_back_byte_for_byte()
    {
        var store = await NewStoreAsync();
        var content = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();

        await store.WriteAsync("tiles/0/1.glb", content);

        Assert.Equal(content, await ReadAll(store, "tiles/0/1.glb"));
    }

    [Fact]
    public async Task Writers_racing_into_new_folders_all_land()
    {
        var store = await NewStoreAsync();

        // Many rounds, each into a fresh folder, writers released together: an import writes its tiles like this.
        const int Rounds = 30, Writers = 8;
        for (var round = 0; round < Rounds; round++)
        {
            using var start = new Barrier(Writers);
            var folder = round;
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => Task.Factory.StartNew(() =>
            {
                start.SignalAndWait();
                store.WriteAsync($"race/{folder}/tile-{i}.glb", Encoding.UTF8.GetBytes($"tile {i}")).GetAwaiter().GetResult();
            }, TaskCreationOptions.LongRunning)));
        }

        for (var i = 0; i < Writers; i++)
        {
            Assert.Equal($"tile {i}", Encoding.UTF8.GetString((await ReadAll(store, $"race/{Rounds - 1}/tile-{i}.glb"))!));
        }
    }

    [Fact]
    public async Task Missing_blob_opens_as_null()
    {
        var store = await NewStoreAsync();

        Assert.Null(await store.OpenReadAsync("nothing/here.json"));
        Assert.Null(await store.ReadVersionedAsync("nothing/here.json"));
    }

    [Fact]
    public async Task Second_write_replaces_the_first()
    {
        var store = await NewStoreAsync();

        await store.WriteAsync("a.txt", Encoding.UTF8.GetBytes("first, longer"));
        await store.WriteAsync("a.txt", Encoding.UTF8.GetBytes("second"));

        Assert.Equal("second", Encoding.UTF8.GetString((await ReadAll(store, "a.txt"))!));
    }

    [Fact]
    public async Task Deleting_a_folder_removes_its_blobs_and_keeps_its_neighbours()
    {
        var store = await NewStoreAsync();
        await store.WriteAsync("city/tiles/1.glb", new byte[] { 1 });
        await store.WriteAsync("city/tiles/deep/2.glb", new byte[] { 2 });
        await store.WriteAsync("city/tileset.json", new byte[] { 3 });
        await store.WriteAsync("city-other/tiles/1.glb", new byte[] { 4 });

        await store.DeleteFolderAsync("city/tiles");

        Assert.Null(await store.OpenReadAsync("city/tiles/1.glb"));
        Assert.Null(await store.OpenReadAsync("city/tiles/deep/2.glb"));
        Assert.Equal([3], await ReadAll(store, "city/tileset.json"));
        Assert.Equal([4], await ReadAll(store, "city-other/tiles/1.glb"));
    }

    [Fact]
    public async Task Conditional_write_with_the_current_version_succeeds_and_changes_the_version()
    {
        var store = await NewStoreAsync();
        var first = await store.WriteIfMatchAsync("grains/x", new byte[] { 1 }, expectedETag: null);

        var second = await store.WriteIfMatchAsync("grains/x", new byte[] { 2 }, first);

        Assert.NotEqual(first, second);
        var read = await store.ReadVersionedAsync("grains/x");
        Assert.Equal([2], read!.Content);
        Assert.Equal(second, read.ETag);
    }

    [Fact]
    public async Task Versions_that_grow_and_shrink_each_read_back_whole()
    {
        var store = await NewStoreAsync();
        var random = new Random(4);
        string? etag = null;

        foreach (var size in new[] { 10, 3_000, 1, 0, 9_000, 200, 200, 40_000, 5 })
        {
            var content = new byte[size];
            random.NextBytes(content);
            etag = await store.WriteIfMatchAsync("grains/growing", content, etag);

            var read = await store.ReadVersionedAsync("grains/growing");
            Assert.Equal(content, read!.Content);
            Assert.Equal(etag, read.ETag);
        }
    }

    [Fact]
    public async Task Unconditional_versioned_write_replaces_whatever_is_there_and_tags_the_new_version()
    {
        var store = await NewStoreAsync();
        var first = await store.WriteVersionAsync("history/c", new byte[] { 1, 2 });
        var second = await store.WriteVersionAsync("history/c", new byte[] { 3 });

        var read = await store.ReadVersionedAsync("history/c");
        Assert.Equal(new byte[] { 3 }, read!.Content);
        Assert.Equal(second, read.ETag);
        Assert.NotEqual(first, second);
        await Assert.ThrowsAsync<BlobConflictException>(() => store.WriteIfMatchAsync("history/c", new byte[] { 4 }, first));
    }

    [Fact]
    public async Task Conditional_write_with_a_stale_version_fails_and_keeps_the_newer_bytes()
    {
        var store = await NewStoreAsync();
        var stale = await store.WriteIfMatchAsync("grains/x", new byte[] { 1 }, expectedETag: null);
        await store.WriteIfMatchAsync("grains/x", new byte[] { 2 }, stale); // same length: the tag must still change

        await Assert.ThrowsAsync<BlobConflictException>(() => store.WriteIfMatchAsync("grains/x", new byte[] { 3 }, stale));

        Assert.Equal([2], (await store.ReadVersionedAsync("grains/x"))!.Content);
    }

    [Fact]
    public async Task Conditional_create_fails_when_the_blob_already_exists()
    {
        var store = await NewStoreAsync();
        await store.WriteIfMatchAsync("grains/x", new byte[] { 1 }, expectedETag: null);

        await Assert.ThrowsAsync<BlobConflictException>(() => store.WriteIfMatchAsync("grains/x", new byte[] { 9 }, expectedETag: null));

        Assert.Equal([1], (await store.ReadVersionedAsync("grains/x"))!.Content);
    }

    [Fact]
    public async Task Conditional_delete_with_a_stale_version_fails_and_keeps_the_blob()
    {
        var store = await NewStoreAsync();
        var stale = await store.WriteIfMatchAsync("grains/x", new byte[] { 1 }, expectedETag: null);
        var current = await store.WriteIfMatchAsync("grains/x", new byte[] { 2 }, stale);

        await Assert.ThrowsAsync<BlobConflictException>(() => store.DeleteIfMatchAsync("grains/x", stale));
        Assert.NotNull(await store.ReadVersionedAsync("grains/x"));

        await store.DeleteIfMatchAsync("grains/x", current);
        Assert.Null(await store.ReadVersionedAsync("grains/x"));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("tiles/../../escape.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("tiles/%2e%2e/escape.txt")]
    [InlineData("%2e%2e/escape.txt")]
    [InlineData("tiles/a\0b")]
    [InlineData("tiles\\..\\escape.txt")]
    [InlineData("tiles//x")]
    [InlineData("")]
    public async Task Unsafe_name_is_refused_by_every_operation_and_writes_nothing(string name)
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.WriteAsync(name, new byte[] { 1 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.WriteIfMatchAsync(name, new byte[] { 1 }, null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.OpenReadAsync(name));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ReadVersionedAsync(name));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.DeleteFolderAsync(name));
        await AssertStoreIsEmpty(store);
    }

    /// <summary>Fails unless nothing at all was written into (or beside) the store.</summary>
    protected abstract Task AssertStoreIsEmpty(IConditionalBlobStore store);

    protected static async Task<byte[]?> ReadAll(IBlobStore store, string name)
    {
        await using var stream = await store.OpenReadAsync(name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
