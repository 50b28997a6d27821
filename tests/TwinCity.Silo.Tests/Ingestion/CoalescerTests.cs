using Microsoft.Extensions.Time.Testing;
using TwinCity.Silo.Ingestion;

namespace TwinCity.Silo.Tests.Ingestion;

public sealed class CoalescerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task First_items_leave_at_once_and_later_ones_wait_for_the_interval_then_go_together()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time);

        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        var second = coalescer.EnqueueAsync("a", [2]);
        var third = coalescer.EnqueueAsync("a", [3]);
        await Task.Delay(50);
        Assert.False(second.IsCompleted, "the second delivery should wait out the interval");

        time.Advance(Interval);
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([[1], [2, 3]], calls.Batches("a"));
    }

    [Fact]
    public async Task A_key_fed_without_pause_gets_one_call_per_interval_however_many_items()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time);
        var tasks = new List<Task>();

        for (var second = 0; second < 5; second++)
        {
            for (var item = 0; item < 100; item++)
            {
                tasks.Add(coalescer.EnqueueAsync("a", [(second * 100) + item]));
            }

            await Task.Delay(20);
            time.Advance(Interval);
            await WaitUntilAsync(() => coalescer.QueuedItems == 0); // the woken delivery took this second's items
        }

        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5));
        var batches = calls.Batches("a");
        Assert.Equal(6, batches.Count); // the first item at once, then one call per interval
        Assert.Equal(Enumerable.Range(0, 500), batches.SelectMany(b => b));
    }

    [Fact]
    public async Task A_busy_key_refills_the_list_it_delivered_before_emptied_of_its_old_items()
    {
        var time = new FakeTimeProvider();
        var delivered = new List<(List<int> List, int[] Items)>();
        var coalescer = new Coalescer<int>((_, items) =>
        {
            delivered.Add((items, [.. items]));
            return Task.CompletedTask;
        }, Interval, time);

        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        await QueueOneAfterAnotherAsync(coalescer, time, 2, 3);

        Assert.Equal([[1], [2], [3]], delivered.Select(d => d.Items));
        Assert.Same(delivered[0].List, delivered[2].List); // two lists take turns while the key stays busy
        Assert.NotSame(delivered[0].List, delivered[1].List);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_list_that_someone_may_still_read_is_never_refilled(bool throws)
    {
        // A grain call that timed out (logged, or thrown) may still read the list it was given.
        var time = new FakeTimeProvider();
        var delivered = new List<(List<int> List, int[] Items)>();
        var coalescer = new Coalescer<int>((_, items) =>
        {
            delivered.Add((items, [.. items]));
            var first = delivered.Count == 1;
            return first && throws ? Task.FromException<bool>(new InvalidOperationException("the call timed out (test)")) : Task.FromResult(!first);
        }, Interval, time);

        var firstDelivery = coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        if (throws)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => firstDelivery);
        }
        else
        {
            await firstDelivery;
        }

        await QueueOneAfterAnotherAsync(coalescer, time, 2, 3);

        Assert.Equal([[1], [2], [3]], delivered.Select(d => d.Items));
        Assert.Equal([1], delivered[0].List); // left as it was given
        Assert.DoesNotContain(delivered.Skip(1), d => ReferenceEquals(d.List, delivered[0].List));
    }

    [Fact]
    public async Task Flush_delivers_what_waits_for_the_interval_now()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time);
        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        var waiting = coalescer.EnqueueAsync("a", [2]);

        await coalescer.FlushAsync("a").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal([[1], [2]], calls.Batches("a"));
        Assert.True(coalescer.FlushAsync("b").IsCompletedSuccessfully, "a key with nothing queued has nothing to wait for");
    }

    [Fact]
    public async Task Keys_wait_independently_and_a_quiet_key_leaves_no_mailbox()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time);
        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        var later = coalescer.EnqueueAsync("a", [2]);

        await coalescer.EnqueueAsync("b", [10]).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(later.IsCompleted, "b's delivery does not end a's wait");

        time.Advance(Interval);
        await later.WaitAsync(TimeSpan.FromSeconds(5));
        time.Advance(Interval);
        await WaitUntilAsync(() => coalescer.ActiveKeys == 0);
        Assert.Equal([[10]], calls.Batches("b"));
    }

    [Fact]
    public async Task A_key_with_few_items_after_its_interval_waits_for_more_up_to_the_longest_interval()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time, fillTo: 4, maxInterval: 5 * Interval);
        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5)); // after a quiet spell: at once
        var tasks = new List<Task>();

        // One item per interval: each interval ends with fewer than four waiting, until the longest one.
        for (var second = 2; second <= 4; second++)
        {
            tasks.Add(coalescer.EnqueueAsync("a", [second]));
            await Task.Delay(20);
            time.Advance(Interval);
            await Task.Delay(20);
            Assert.DoesNotContain(tasks, t => t.IsCompleted);
        }

        time.Advance(Interval);
        await Task.Delay(20);
        Assert.DoesNotContain(tasks, t => t.IsCompleted);
        time.Advance(Interval);
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([[1], [2, 3, 4]], calls.Batches("a"));
    }

    [Fact]
    public async Task A_key_waiting_to_fill_goes_as_soon_as_enough_items_are_queued()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time, fillTo: 4, maxInterval: 5 * Interval);
        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        var first = coalescer.EnqueueAsync("a", [2, 3]);
        await Task.Delay(20);
        time.Advance(Interval);
        await Task.Delay(20);
        Assert.False(first.IsCompleted, "two items are fewer than the four a delivery waits for");

        var filled = coalescer.EnqueueAsync("a", [4, 5]);
        await Task.WhenAll(first, filled).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([[1], [2, 3, 4, 5]], calls.Batches("a"));
    }

    [Fact]
    public async Task A_key_with_enough_items_at_the_end_of_its_interval_does_not_wait_longer()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time, fillTo: 4, maxInterval: 5 * Interval);
        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        var queued = coalescer.EnqueueAsync("a", [2, 3, 4, 5, 6]);
        await Task.Delay(20);
        Assert.False(queued.IsCompleted, "the interval holds even a full delivery back");

        time.Advance(Interval);
        await queued.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([[1], [2, 3, 4, 5, 6]], calls.Batches("a"));
    }

    [Fact]
    public async Task Flush_ends_a_wait_to_fill_and_a_quiet_key_waiting_to_fill_leaves_no_mailbox()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time, fillTo: 4, maxInterval: 5 * Interval);
        await coalescer.EnqueueAsync("a", [1]).WaitAsync(TimeSpan.FromSeconds(5));
        var waiting = coalescer.EnqueueAsync("a", [2]);
        await Task.Delay(20);
        time.Advance(2 * Interval);
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);

        await coalescer.FlushAsync("a").WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([[1], [2]], calls.Batches("a"));

        // Nothing more comes: the mailbox stays for the longest interval after the flushed delivery, then goes.
        time.Advance(2 * Interval);
        await Task.Delay(50);
        Assert.Equal(1, coalescer.ActiveKeys);
        time.Advance(3 * Interval);
        await WaitUntilAsync(() => coalescer.ActiveKeys == 0);
    }

    [Fact]
    public async Task Keys_whose_intervals_end_at_different_times_are_each_delivered_when_theirs_ends()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time);
        var early = Enumerable.Range(0, 500).Select(k => $"early{k}").ToArray();
        var late = Enumerable.Range(0, 500).Select(k => $"late{k}").ToArray();
        await Task.WhenAll(early.Select(key => coalescer.EnqueueAsync(key, [1]))).WaitAsync(TimeSpan.FromSeconds(5));
        time.Advance(Interval / 2);
        await Task.WhenAll(late.Select(key => coalescer.EnqueueAsync(key, [1]))).WaitAsync(TimeSpan.FromSeconds(5));
        var earlySeconds = early.Select(key => coalescer.EnqueueAsync(key, [2])).ToArray();
        var lateSeconds = late.Select(key => coalescer.EnqueueAsync(key, [2])).ToArray();

        time.Advance(Interval / 2);
        await Task.WhenAll(earlySeconds).WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.DoesNotContain(lateSeconds, t => t.IsCompleted);

        time.Advance(Interval / 2);
        await Task.WhenAll(lateSeconds).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(early.Concat(late), key => Assert.Equal([[1], [2]], calls.Batches(key)));
    }

    [Fact]
    public async Task A_failed_delivery_fails_exactly_its_items_and_the_key_keeps_working()
    {
        var calls = new CallLog { FailOn = 2 };
        var coalescer = new Coalescer<int>(calls.DeliverAsync);

        await coalescer.EnqueueAsync("a", [1]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => coalescer.EnqueueAsync("a", [2]));
        await coalescer.EnqueueAsync("a", [3]);

        Assert.Equal([[1], [2], [3]], calls.Batches("a"));
    }

    [Fact]
    public async Task A_remembered_mailbox_that_was_dropped_gives_way_to_the_keys_current_one()
    {
        var time = new FakeTimeProvider();
        var calls = new CallLog();
        var coalescer = new Coalescer<int>(calls.DeliverAsync, Interval, time);
        Coalescer<int>.Mailbox? known = null;
        await coalescer.EnqueueAsync("a", [1], null, ref known).WaitAsync(TimeSpan.FromSeconds(5));
        var dropped = known;
        Assert.NotNull(dropped);
        time.Advance(Interval);
        await WaitUntilAsync(() => coalescer.ActiveKeys == 0); // quiet for an interval: the mailbox is gone

        var second = coalescer.EnqueueAsync("a", [2], null, ref known);
        var third = coalescer.EnqueueAsync("a", [3]); // found by key: the same mailbox as the remembered one now
        time.Advance(Interval);
        await Task.WhenAll(second, third).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.NotSame(dropped, known);
        Assert.Equal(1, coalescer.ActiveKeys);
        Assert.Equal([[1], [2], [3]], calls.Batches("a"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    // Each item queued while the key waits out its interval after the last delivery, then delivered.
    private static async Task QueueOneAfterAnotherAsync(Coalescer<int> coalescer, FakeTimeProvider time, params int[] items)
    {
        foreach (var item in items)
        {
            var next = coalescer.EnqueueAsync("a", [item]);
            await Task.Delay(20);
            time.Advance(Interval);
            await next.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    private sealed class CallLog
    {
        private readonly List<(string Key, int[] Items)> _calls = [];

        public int? FailOn { get; init; }

        public Task DeliverAsync(string key, List<int> items)
        {
            lock (_calls)
            {
                _calls.Add((key, [.. items]));
            }

            return items.Contains(FailOn ?? -1) ? Task.FromException(new InvalidOperationException("refused")) : Task.CompletedTask;
        }

        public List<int[]> Batches(string key)
        {
            lock (_calls)
            {
                return [.. _calls.Where(c => c.Key == key).Select(c => c.Items)];
            }
        }
    }
}
