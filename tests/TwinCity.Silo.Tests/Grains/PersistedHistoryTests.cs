using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TwinCity.Models.Storage;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;

namespace TwinCity.Silo.Tests.Grains;

/// <summary>
/// Metric history stored in chunks in a real folder store: what an entity recorded comes back after
/// a restart (a new <see cref="PersistedHistory"/> over the same store and stored counts), and the
/// stored ring stays bounded.
/// </summary>
public sealed class PersistedHistoryTests : IDisposable
{
    private const string Entity = "osm:way/4242";
    private const int Metric = 0;
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "twincity-history-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Points_flushed_in_several_chunks_come_back_in_order_after_a_restart()
    {
        var stored = new EntityMetrics();
        var before = Open(capacity: 2880, stored);
        await AddMinutesAsync(before, 0, 600);
        await before.FlushAsync(force: true, CancellationToken.None);

        var after = Open(capacity: 2880, Copy(stored));
        var points = await after.QueryAsync(Metric, T0, T0.AddDays(1), 10_000);

        Assert.Equal(Enumerable.Range(0, 600).Select(i => (double)i), points.Select(p => p.Value));
        Assert.Equal(T0.AddMinutes(599), points[^1].Time);
    }

    [Fact]
    public async Task First_flush_after_a_restart_keeps_the_older_points_of_a_partly_stored_chunk()
    {
        var stored = new EntityMetrics();
        var first = Open(capacity: 2880, stored);
        await AddMinutesAsync(first, 0, 300); // chunk 1 holds points 256..299 only
        await first.FlushAsync(force: true, CancellationToken.None);

        var second = Open(capacity: 2880, stored);
        await AddMinutesAsync(second, 300, 10); // rewrites chunk 1: it must still hold 256..299
        await second.FlushAsync(force: true, CancellationToken.None);

        var third = Open(capacity: 2880, Copy(stored));
        var points = await third.QueryAsync(Metric, T0, T0.AddDays(1), 10_000);

        Assert.Equal(Enumerable.Range(0, 310).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public async Task Stored_history_is_a_bounded_ring_that_keeps_the_newest_capacity_points()
    {
        var stored = new EntityMetrics();
        var history = Open(capacity: 512, stored);
        for (var start = 0; start < 2000; start += 100)
        {
            await AddMinutesAsync(history, start, 100);
            await history.FlushAsync(force: true, CancellationToken.None);
        }

        var files = Directory.GetFiles(Path.Combine(_folder, "history"), "*", SearchOption.AllDirectories);
        var slots = new HistoryChunkStore(new LocalFolderBlobStore(_folder), 512, NullLogger<HistoryChunkStore>.Instance).Slots;
        Assert.Equal(slots, files.Length);

        var points = await Open(capacity: 512, Copy(stored)).QueryAsync(Metric, T0, T0.AddDays(10), 10_000);
        Assert.Equal(Enumerable.Range(2000 - 512, 512).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public async Task After_a_write_memory_holds_only_the_chunk_still_filling_and_a_query_reads_the_older_ones_back()
    {
        var stored = new EntityMetrics();
        var memory = new MetricHistory(2880);
        var history = Open(memory, stored);
        await AddMinutesAsync(history, 0, 600);
        Assert.Equal(0, memory.FirstHeld(Metric));

        await history.FlushAsync(force: true, CancellationToken.None);

        Assert.Equal(512, memory.FirstHeld(Metric)); // chunks 0 and 1 are in the store only
        var points = await history.QueryAsync(Metric, T0, T0.AddDays(1), 10_000);
        Assert.Equal(Enumerable.Range(0, 600).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public async Task Points_not_yet_written_stay_in_memory_while_older_ones_are_let_go()
    {
        var stored = new EntityMetrics();
        var memory = new MetricHistory(2880);
        var history = Open(memory, stored);
        await AddMinutesAsync(history, 0, 600);
        await history.FlushAsync(force: true, CancellationToken.None);

        await AddMinutesAsync(history, 600, 100); // not due: nothing written, nothing let go
        Assert.False(await history.FlushAsync(force: false, CancellationToken.None));
        Assert.Equal(512, memory.FirstHeld(Metric));
        Assert.Equal(700, memory.Total(Metric));

        // The same entity after a restart, from the store alone, once the new points are written.
        await history.FlushAsync(force: true, CancellationToken.None);
        var points = await Open(new MetricHistory(2880), Copy(stored)).QueryAsync(Metric, T0, T0.AddDays(1), 10_000);
        Assert.Equal(Enumerable.Range(0, 700).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public async Task A_query_within_what_memory_holds_reads_no_chunk()
    {
        var stored = new EntityMetrics();
        var before = Open(capacity: 2880, stored);
        await AddMinutesAsync(before, 0, 600);
        await before.FlushAsync(force: true, CancellationToken.None);
        Directory.Delete(Path.Combine(_folder, "history"), recursive: true);

        var after = Open(capacity: 2880, Copy(stored));
        await AddMinutesAsync(after, 600, 5);
        var recent = await after.QueryAsync(Metric, T0.AddMinutes(601), T0.AddDays(1), 10_000);

        Assert.Equal([601.0, 602, 603, 604], recent.Select(p => p.Value));
    }

    [Fact]
    public async Task A_damaged_chunk_is_left_out_and_the_newer_points_still_answer()
    {
        var stored = new EntityMetrics();
        var before = Open(capacity: 2880, stored);
        await AddMinutesAsync(before, 0, 600);
        await before.FlushAsync(force: true, CancellationToken.None);
        var store = new HistoryChunkStore(new LocalFolderBlobStore(_folder), 2880, NullLogger<HistoryChunkStore>.Instance);
        await new LocalFolderBlobStore(_folder).WriteAsync(store.NameOf(Entity, Metric, 1), "not a chunk"u8.ToArray());

        var points = await Open(capacity: 2880, Copy(stored)).QueryAsync(Metric, T0, T0.AddDays(1), 10_000);

        // Chunk 2 (points 512..599) answers; chunk 1 is damaged, so nothing older is reached.
        Assert.Equal(Enumerable.Range(512, 88).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public async Task Without_force_a_full_chunk_is_written_alone_and_the_chunk_still_filling_waits_for_the_flush_interval()
    {
        var stored = new EntityMetrics();
        var history = Open(capacity: 2880, stored);
        var chunks = new HistoryChunkStore(new LocalFolderBlobStore(_folder), 2880, NullLogger<HistoryChunkStore>.Instance);

        await AddMinutesAsync(history, 0, 100);
        Assert.False(await history.FlushAsync(force: false, CancellationToken.None));
        Assert.Equal(0, stored.StoredCount(Metric));

        await AddMinutesAsync(history, 100, 200); // chunk 0 is full now, chunk 1 holds 256..299
        Assert.True(await history.FlushAsync(force: false, CancellationToken.None));
        Assert.Equal(256, stored.StoredCount(Metric));
        Assert.NotNull(await chunks.ReadAsync(Entity, Metric, 0));
        Assert.Null(await chunks.ReadAsync(Entity, Metric, 1)); // written once, when it fills or is due

        await AddMinutesAsync(history, 300, 10);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(await history.FlushAsync(force: false, CancellationToken.None));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await history.FlushAsync(force: false, CancellationToken.None));
        Assert.Equal(310, stored.StoredCount(Metric));
        Assert.False(history.HasUnstored);
    }

    [Fact]
    public async Task Without_a_chunk_store_nothing_waits_for_the_chunk_still_filling()
    {
        var stored = new EntityMetrics();
        var history = new PersistedHistory(Entity, new MetricHistory(2880), chunks: null, stored, TimeSpan.FromMinutes(1), _time, retentionOf: null);
        history.Resume();

        await AddMinutesAsync(history, 0, 300);
        Assert.True(await history.FlushAsync(force: false, CancellationToken.None));

        Assert.Equal(300, stored.StoredCount(Metric));
        Assert.False(history.HasUnstored);
    }

    [Fact]
    public async Task A_late_point_older_than_memory_holds_goes_into_its_stored_chunk_and_comes_back_after_a_restart()
    {
        var stored = new EntityMetrics();
        var history = Open(capacity: 2880, stored);
        await AddMinutesAsync(history, 0, 600);
        await history.FlushAsync(force: true, CancellationToken.None); // memory now holds chunk 2 only (512..599)

        Assert.True(await history.AddAsync(Metric, T0.AddMinutes(100.5), -1)); // in chunk 0, read back for it
        Assert.False(await history.AddAsync(Metric, T0.AddMinutes(300), -2)); // a replay of a stored point
        await history.FlushAsync(force: true, CancellationToken.None);

        var after = Open(capacity: 2880, Copy(stored));
        var points = await after.QueryAsync(Metric, T0, T0.AddDays(1), 10_000);

        double[] expected = [.. Enumerable.Range(0, 101).Select(i => (double)i), -1, .. Enumerable.Range(101, 499).Select(i => (double)i)];
        Assert.Equal(expected, points.Select(p => p.Value));
        Assert.Equal(T0.AddMinutes(100.5), points[101].Time);
    }

    [Fact]
    public async Task A_restart_before_a_late_point_is_written_finds_the_stored_history_as_it_was()
    {
        var stored = new EntityMetrics();
        var history = Open(capacity: 2880, stored);
        await AddMinutesAsync(history, 0, 600);
        await history.FlushAsync(force: true, CancellationToken.None);
        Assert.True(await history.AddAsync(Metric, T0.AddMinutes(100.5), -1));

        var after = Open(capacity: 2880, Copy(stored)); // the state as last written: the stored count did not move back
        var points = await after.QueryAsync(Metric, T0, T0.AddDays(1), 10_000);

        Assert.Equal(Enumerable.Range(0, 600).Select(i => (double)i), points.Select(p => p.Value));
    }

    [Fact]
    public async Task Points_older_than_the_retention_are_never_served_and_their_stored_chunks_are_deleted()
    {
        var stored = new EntityMetrics();
        var history = Open(new MetricHistory(2880), stored, retention: TimeSpan.FromDays(1));
        var start = T0.AddDays(-4); // a point every 5 min: the one at T0 - 1 day is point 864, in chunk 3 (768..999)
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(await history.AddAsync(Metric, start.AddMinutes(5 * i), i));
        }

        await history.FlushAsync(force: true, CancellationToken.None);
        await history.ExpireIfDueAsync(CancellationToken.None);
        var served = await history.QueryAsync(Metric, DateTimeOffset.MinValue, T0, 10_000);
        var inStore = await Open(new MetricHistory(2880), Copy(stored)).QueryAsync(Metric, DateTimeOffset.MinValue, T0, 10_000); // no retention: all the store still has

        Assert.Equal(Enumerable.Range(864, 136).Select(i => (double)i), served.Select(p => p.Value));
        Assert.Equal(Enumerable.Range(768, 232).Select(i => (double)i), inStore.Select(p => p.Value)); // one chunk past the retention, no more
    }

    [Fact]
    public async Task A_write_stores_every_point_without_asking_for_the_retention_which_a_stopping_silo_may_not_answer()
    {
        var stored = new EntityMetrics();
        var history = Open(new MetricHistory(2880), stored, _ => throw new InvalidOperationException("the register is gone"));
        await AddMinutesAsync(history, 0, 300);

        Assert.True(await history.FlushAsync(force: true, CancellationToken.None));
        var after = await Open(capacity: 2880, Copy(stored)).QueryAsync(Metric, T0, T0.AddDays(1), 10_000);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => (double)i), after.Select(p => p.Value));
    }

    [Fact]
    public async Task An_expiry_that_failed_is_tried_again_at_the_next_call_not_an_hour_later()
    {
        var stored = new EntityMetrics();
        var registerAnswers = false;
        var history = Open(new MetricHistory(2880), stored, _ => registerAnswers
            ? ValueTask.FromResult<TimeSpan?>(TimeSpan.FromDays(1))
            : throw new InvalidOperationException("the register is not answering"));
        var start = T0.AddDays(-4);
        for (var i = 0; i < 1000; i++)
        {
            await history.AddAsync(Metric, start.AddMinutes(5 * i), i);
        }

        await history.FlushAsync(force: true, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => history.ExpireIfDueAsync(CancellationToken.None));
        registerAnswers = true;
        await history.ExpireIfDueAsync(CancellationToken.None);
        var inStore = await Open(new MetricHistory(2880), Copy(stored)).QueryAsync(Metric, DateTimeOffset.MinValue, T0, 10_000);

        Assert.Equal(768, inStore[0].Value); // the chunks wholly past the retention are gone
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private PersistedHistory Open(int capacity, EntityMetrics stored) => Open(new MetricHistory(capacity), stored);

    private PersistedHistory Open(MetricHistory memory, EntityMetrics stored, TimeSpan retention) =>
        Open(memory, stored, _ => ValueTask.FromResult<TimeSpan?>(retention));

    private PersistedHistory Open(MetricHistory memory, EntityMetrics stored, Func<int, ValueTask<TimeSpan?>>? retentionOf = null)
    {
        var chunks = new HistoryChunkStore(new LocalFolderBlobStore(_folder), memory.Capacity, NullLogger<HistoryChunkStore>.Instance);
        var history = new PersistedHistory(Entity, memory, chunks, stored, TimeSpan.FromMinutes(1), _time, retentionOf);
        history.Resume();
        return history;
    }

    private static async Task AddMinutesAsync(PersistedHistory history, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            Assert.True(await history.AddAsync(Metric, T0.AddMinutes(i), i));
        }
    }

    private static EntityMetrics Copy(EntityMetrics stored) => new() { HistoryStored = [.. stored.HistoryStored] };
}
