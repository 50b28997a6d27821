using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;
using TwinCity.Models.Storage;
using TwinCity.Models.Metrics;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;

namespace TwinCity.Storage.Tests;

/// <summary>The grain storage provider on its own, over the folder store: round trip and the conflict path.</summary>
public sealed class BlobGrainStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "twincity-grains-" + Guid.NewGuid().ToString("N"));
    private readonly Serializer _serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();
    private readonly GrainId _grain = GrainId.Create("building", "osm:way/123");

    [Fact]
    public async Task Written_state_reads_back_with_its_etag()
    {
        var storage = NewStorage();
        var written = new GrainState<BuildingState>(Power(42.5));

        await storage.WriteStateAsync("building", _grain, written);
        var read = new GrainState<BuildingState>(new BuildingState());
        await NewStorage().ReadStateAsync("building", _grain, read);

        Assert.True(read.RecordExists);
        Assert.Equal(42.5, read.State!.Metrics.ValueOf(0));
        Assert.Equal(written.ETag, read.ETag);
    }

    [Fact]
    public async Task Missing_state_reads_as_new_state_without_etag()
    {
        var read = new GrainState<BuildingState>(Power(1));

        await NewStorage().ReadStateAsync("building", _grain, read);

        Assert.False(read.RecordExists);
        Assert.Null(read.ETag);
        Assert.Null(read.State!.Metrics.ValueOf(0));
    }

    [Fact]
    public async Task Stale_write_raises_InconsistentStateException_and_never_overwrites()
    {
        var first = new GrainState<BuildingState>(Power(1));
        await NewStorage().WriteStateAsync("building", _grain, first);
        var activationA = new GrainState<BuildingState>(new BuildingState());
        var activationB = new GrainState<BuildingState>(new BuildingState());
        await NewStorage().ReadStateAsync("building", _grain, activationA);
        await NewStorage().ReadStateAsync("building", _grain, activationB);

        activationA.State!.Metrics.Apply(new MetricReading(0, 2, Later()));
        await NewStorage().WriteStateAsync("building", _grain, activationA);
        activationB.State!.Metrics.Apply(new MetricReading(0, 3, Later()));
        await Assert.ThrowsAsync<InconsistentStateException>(() => NewStorage().WriteStateAsync("building", _grain, activationB));

        var read = new GrainState<BuildingState>(new BuildingState());
        await NewStorage().ReadStateAsync("building", _grain, read);
        Assert.Equal(2, read.State!.Metrics.ValueOf(0));
    }

    [Fact]
    public async Task Grain_id_with_path_characters_stays_inside_the_grains_folder()
    {
        var hostile = GrainId.Create("building", "../../../../tmp/x\0%2e%2e");
        await NewStorage().WriteStateAsync("building", hostile, new GrainState<BuildingState>(new BuildingState()));

        var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
        var file = Assert.Single(files);
        Assert.StartsWith(Path.Combine(_root, BlobGrainStorage.Folder, "building") + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
    }

    private BlobGrainStorage NewStorage() =>
        new("test", new LocalFolderBlobStore(_root), _serializer, NullLogger<BlobGrainStorage>.Instance);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static long _clock;

    // Each reading later than the one before: entity metrics keep only newer readings.
    private static DateTimeOffset Later() => DateTimeOffset.UnixEpoch.AddSeconds(Interlocked.Increment(ref _clock));

    private static BuildingState Power(double kw)
    {
        var state = new BuildingState();
        state.Metrics.Apply(new MetricReading(0, kw, Later()));
        return state;
    }
}
