using Microsoft.Extensions.Time.Testing;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

public sealed class RefreshingCacheTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task The_first_caller_waits_for_the_read_and_later_callers_get_the_value_without_a_read()
    {
        var (time, source) = (new FakeTimeProvider(), new Source());
        var cache = new RefreshingCache<int>(-1, source.ReadAsync, MaxAge, time);

        var first = cache.GetAsync().AsTask();
        Assert.False(first.IsCompleted, "nothing was read yet: the first caller must wait");
        source.Answer(1);
        Assert.Equal(1, await first.WaitAsync(Patience));

        time.Advance(MaxAge / 4);
        Assert.Equal(1, await cache.GetAsync());
        Assert.Equal(1, source.Reads);
    }

    [Fact]
    public async Task Past_half_its_age_the_value_is_served_at_once_while_one_read_runs_in_the_background()
    {
        var (time, source) = (new FakeTimeProvider(), new Source());
        var cache = await ReadOnceAsync(time, source, value: 1);

        time.Advance(MaxAge / 2);
        var during = new List<ValueTask<int>>();
        for (var i = 0; i < 10; i++)
        {
            during.Add(cache.GetAsync());
        }

        Assert.All(during, served => Assert.True(served.IsCompletedSuccessfully, "a caller waited for a refresh of a value still young enough"));
        Assert.All(during, served => Assert.Equal(1, served.Result));
        await source.WaitForReadsAsync(2);
        source.Answer(2);

        await WaitUntilAsync(async () => await cache.GetAsync() == 2);
        Assert.Equal(2, source.Reads); // ten callers, one background read
    }

    [Fact]
    public async Task A_value_older_than_its_max_age_makes_callers_wait_for_one_read()
    {
        var (time, source) = (new FakeTimeProvider(), new Source());
        var cache = await ReadOnceAsync(time, source, value: 1);

        time.Advance(MaxAge);
        var waiting = Enumerable.Range(0, 5).Select(_ => cache.GetAsync().AsTask()).ToArray();
        await source.WaitForReadsAsync(2);
        Assert.All(waiting, task => Assert.False(task.IsCompleted, "a value past its max age was served"));
        source.Answer(2);

        Assert.All(await Task.WhenAll(waiting).WaitAsync(Patience), value => Assert.Equal(2, value));
        Assert.Equal(2, source.Reads);
    }

    [Fact]
    public async Task After_invalidate_the_next_caller_waits_for_a_new_read_even_when_the_value_is_young()
    {
        var (time, source) = (new FakeTimeProvider(), new Source());
        var cache = await ReadOnceAsync(time, source, value: 1);

        cache.Invalidate();
        var next = cache.GetAsync().AsTask();
        await source.WaitForReadsAsync(2);
        Assert.False(next.IsCompleted, "an invalidated value was served");
        source.Answer(2);

        Assert.Equal(2, await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_read_that_started_before_invalidate_does_not_count_as_current()
    {
        var (time, source) = (new FakeTimeProvider(), new Source());
        var cache = await ReadOnceAsync(time, source, value: 1);

        time.Advance(MaxAge / 2);
        Assert.Equal(1, await cache.GetAsync()); // starts a background read, which reads the old value
        await source.WaitForReadsAsync(2);
        cache.Invalidate(); // an edit landed while that read was under way
        source.Answer(1);

        var next = cache.GetAsync().AsTask();
        await source.WaitForReadsAsync(3);
        source.Answer(2);
        Assert.Equal(2, await next.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_failed_background_read_keeps_the_value_and_the_caller_past_max_age_sees_the_failure()
    {
        var (time, source) = (new FakeTimeProvider(), new Source());
        var cache = await ReadOnceAsync(time, source, value: 1);

        time.Advance(MaxAge / 2);
        Assert.Equal(1, await cache.GetAsync());
        await source.WaitForReadsAsync(2);
        source.Fail(new InvalidOperationException("the register is away"));
        await WaitUntilAsync(() => Task.FromResult(cache.GetAsync() is { IsCompletedSuccessfully: true, Result: 1 } && source.Reads == 3));
        await source.WaitForReadsAsync(3); // the next caller past half the age tried again in the background
        source.Fail(new InvalidOperationException("the register is still away"));

        time.Advance(MaxAge / 2);
        var late = cache.GetAsync().AsTask();
        await source.WaitForReadsAsync(4);
        source.Fail(new InvalidOperationException("the register is gone"));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => late.WaitAsync(Patience));
        Assert.Equal("the register is gone", failure.Message);
    }

    private static async Task<RefreshingCache<int>> ReadOnceAsync(FakeTimeProvider time, Source source, int value)
    {
        var cache = new RefreshingCache<int>(-1, source.ReadAsync, MaxAge, time);
        var first = cache.GetAsync().AsTask();
        source.Answer(value);
        Assert.Equal(value, await first.WaitAsync(Patience));
        return cache;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true in time");
            await Task.Delay(10);
        }
    }

    /// <summary>A read the test answers: each read waits until the test answers or fails it.</summary>
    private sealed class Source
    {
        private readonly Lock _lock = new();
        private readonly Queue<TaskCompletionSource<int>> _pending = new();
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public Task<int> ReadAsync(int current)
        {
            var read = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lock)
            {
                _pending.Enqueue(read);
                _reads++;
            }

            return read.Task;
        }

        public async Task WaitForReadsAsync(int count) => await WaitUntilAsync(() => Task.FromResult(Reads >= count));

        public void Answer(int value) => Next().SetResult(value);

        public void Fail(Exception exception) => Next().SetException(exception);

        private TaskCompletionSource<int> Next()
        {
            lock (_lock)
            {
                return _pending.Dequeue();
            }
        }
    }
}
