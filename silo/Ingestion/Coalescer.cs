using System.Collections.Concurrent;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Per-key batching with one delivery in flight per key: items queued for a key while its delivery is
/// under way go together in the next one. At low load every item leaves at once; under load each call
/// carries whatever piled up meanwhile, so the number of calls per key adapts to how fast the target
/// answers instead of growing with the number of items.
/// </summary>
/// <remarks>
/// <para>
/// With a <paramref name="minInterval"/>, deliveries of one key also start at least that far apart: the
/// first item after a quiet spell still leaves at once, but a key that keeps receiving gets one call per
/// interval carrying everything since the last, however fast items come. With a <paramref name="fillTo"/>
/// as well, a key with fewer items queued than that once its interval is over waits on for them, until
/// <paramref name="maxInterval"/> after its last delivery: a key that receives an item a second is then
/// called every <paramref name="fillTo"/> seconds, not every interval with one or two items. <see cref="FlushAsync"/>
/// cuts the wait short for one key (a reader who needs what was queued for it).
/// </para>
/// <para>
/// A key's queue is two lists that take turns: one fills while the other is delivered, then it is
/// cleared and fills in turn. Under load items wait about an interval, long enough for the garbage
/// collector to promote anything allocated for them; lists that live as long as their mailbox keep
/// that waiting off the collector's hands. So <c>deliver</c> may hand its list on (to a grain in the
/// same process, without a copy) but must say when it cannot vouch that nobody reads it any more.
/// </para>
/// <para>
/// Items of one key are delivered in the order they were queued. A key's mailbox is dropped as soon as
/// it is empty (with an interval: once it stayed empty for one, or for the longest interval when it waits
/// to fill), so keys that fell silent (the entities of a previous city) cost nothing.
/// </para>
/// </remarks>
/// <typeparam name="TItem">What is queued.</typeparam>
/// <param name="deliver">
/// Delivers a key's items; a failure fails the tasks of exactly those items. It answers whether the list may be
/// refilled: false when someone may still read it (a call that timed out and was logged rather than thrown).
/// A list whose delivery threw is never refilled either.
/// </param>
/// <param name="minInterval">Least time between the starts of two deliveries of one key; zero for none.</param>
/// <param name="time">The clock the interval is measured with.</param>
/// <param name="fillTo">Items a delivery should carry, when it can wait for them; zero for no wait beyond the interval.</param>
/// <param name="maxInterval">Longest time from one delivery's start to the next while the key waits to fill.</param>
internal sealed class Coalescer<TItem>(
    Func<string, List<TItem>, Task<bool>> deliver, TimeSpan minInterval, TimeProvider time, int fillTo = 0, TimeSpan maxInterval = default)
{
    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.Ordinal);
    private int _active; // _mailboxes.Count, kept by hand: ConcurrentDictionary.Count takes every lock of the map
    private readonly Alarm _alarm = new(time, minInterval / 16);
    private long _queued;

    /// <summary>Creates a coalescer whose deliveries, when they succeed, are done with their list.</summary>
    public Coalescer(Func<string, List<TItem>, Task> deliver, TimeSpan minInterval, TimeProvider time, int fillTo = 0, TimeSpan maxInterval = default)
        : this(async (key, items) =>
        {
            await deliver(key, items).ConfigureAwait(false);
            return true;
        }, minInterval, time, fillTo, maxInterval)
    {
    }

    /// <summary>Creates a coalescer that delivers as soon as the previous delivery of a key is done.</summary>
    public Coalescer(Func<string, List<TItem>, Task> deliver)
        : this(deliver, TimeSpan.Zero, TimeProvider.System)
    {
    }

    /// <summary>Mailboxes with work queued or under way (or, with an interval, delivered less than one interval ago).</summary>
    public int ActiveKeys => Volatile.Read(ref _active);

    /// <summary>Least time between the starts of two deliveries of one key.</summary>
    public TimeSpan MinInterval => minInterval;

    /// <summary>Items queued and not yet handed to a delivery, over every key.</summary>
    public long QueuedItems => Interlocked.Read(ref _queued);

    /// <summary>
    /// Starts holding back the deliveries that queuing would start, until <see cref="Held.Release"/>: for a
    /// caller that queues a batch in several parts per key (a key's items were not adjacent), so that they
    /// still leave in one delivery. Release it in a <c>finally</c>: a held key delivers nothing until then.
    /// </summary>
    public Held Hold() => new(this);

    /// <summary>
    /// Queues a copy of <paramref name="items"/> for <paramref name="key"/>; the task ends when the delivery
    /// carrying them has. A delivery this starts waits for <paramref name="held"/>, when given, to be released.
    /// </summary>
    public Task EnqueueAsync(string key, ReadOnlySpan<TItem> items, Held? held = null)
    {
        Mailbox? unknown = null;
        return EnqueueAsync(key, items, held, ref unknown);
    }

    /// <summary>
    /// As <see cref="EnqueueAsync(string, ReadOnlySpan{TItem}, Held?)"/>, with <paramref name="known"/> the
    /// mailbox this caller last saw for <paramref name="key"/> (null at first): used when it still serves the
    /// key, which spares the look-up, and set to the key's mailbox otherwise.
    /// </summary>
    public Task EnqueueAsync(string key, ReadOnlySpan<TItem> items, Held? held, ref Mailbox? known)
    {
        while (true)
        {
            var mailbox = known;
            if (mailbox is null && !_mailboxes.TryGetValue(key, out mailbox))
            {
                var fresh = new Mailbox();
                mailbox = _mailboxes.GetOrAdd(key, fresh);
                if (ReferenceEquals(mailbox, fresh))
                {
                    Interlocked.Increment(ref _active);
                }
            }

            Task delivered;
            bool start;
            lock (mailbox)
            {
                if (mailbox.Retired)
                {
                    // Emptied and dropped (since the caller saw it, or between GetOrAdd and the lock): a mailbox
                    // leaves the map only once retired, so one that is not serves its key; look that one up.
                    known = null;
                    continue;
                }

                known = mailbox;

                mailbox.Pending.AddRange(items);
                Interlocked.Add(ref _queued, items.Length);
                mailbox.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                delivered = mailbox.Next.Task;
                start = !mailbox.Running;
                mailbox.Running = true;
                if (mailbox.Filling && mailbox.Pending.Count >= fillTo)
                {
                    mailbox.Filling = false;
                    mailbox.Wake?.TrySetResult(); // enough to carry: no need to wait for the longest interval
                }
            }

            if (start && held is not null)
            {
                held.Starts.Add((key, mailbox));
            }
            else if (start)
            {
                _ = PumpAsync(key, mailbox);
            }

            return delivered;
        }
    }

    /// <summary>
    /// Delivers what is queued for <paramref name="key"/> now, without waiting out the interval; the task
    /// ends when everything queued for it before this call is delivered.
    /// </summary>
    public Task FlushAsync(string key)
    {
        if (!_mailboxes.TryGetValue(key, out var mailbox))
        {
            return Task.CompletedTask;
        }

        lock (mailbox)
        {
            if (mailbox.Retired)
            {
                return Task.CompletedTask;
            }

            mailbox.Urgent = true;
            mailbox.Wake?.TrySetResult();
            return mailbox.Next?.Task ?? mailbox.Current?.Task ?? Task.CompletedTask;
        }
    }

    /// <summary>Flushes every key (see <see cref="FlushAsync"/>): for a process that stops.</summary>
    public Task FlushAllAsync() => Task.WhenAll(_mailboxes.Keys.Select(FlushAsync));

    private async Task PumpAsync(string key, Mailbox mailbox)
    {
        while (true)
        {
            List<TItem> items;
            TaskCompletionSource done;
            lock (mailbox)
            {
                if (mailbox.Pending.Count == 0)
                {
                    Retire(key, mailbox);
                    return;
                }

                (items, mailbox.Pending) = (mailbox.Pending, mailbox.Spare ?? []);
                mailbox.Spare = null;
                Interlocked.Add(ref _queued, -items.Count);
                (done, mailbox.Next) = (mailbox.Next!, null);
                (mailbox.Current, mailbox.Urgent, mailbox.Wake, mailbox.Filling) = (done, false, null, false);
            }

            var started = time.GetTimestamp();
            try
            {
                var reusable = await deliver(key, items).ConfigureAwait(false);
                done.SetResult();

                // Refilled next time instead of a new list growing, unless a call that failed may still read it.
                if (reusable)
                {
                    items.Clear();
                    lock (mailbox)
                    {
                        mailbox.Spare = items;
                    }
                }
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }

            // Wait even when nothing is queued yet: the mailbox remembers the last delivery until the
            // interval is over (or, waiting to fill, the longest one), then retires at the top of the loop
            // if nothing came meanwhile.
            await PauseAsync(mailbox, started, minInterval, untilFilled: false).ConfigureAwait(false);
            if (fillTo > 0)
            {
                await PauseAsync(mailbox, started, maxInterval, untilFilled: true).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="span"/> after <paramref name="started"/>, or less: a flush ends the wait,
    /// and so do <c>fillTo</c> items queued when <paramref name="untilFilled"/>.
    /// </summary>
    private async Task PauseAsync(Mailbox mailbox, long started, TimeSpan span, bool untilFilled)
    {
        var until = started + (long)(span.TotalSeconds * time.TimestampFrequency);
        if (time.GetTimestamp() >= until)
        {
            return;
        }

        TaskCompletionSource wake;
        lock (mailbox)
        {
            if (mailbox.Urgent || (untilFilled && mailbox.Pending.Count >= fillTo))
            {
                return;
            }

            wake = mailbox.Wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            mailbox.Filling = untilFilled;
        }

        _alarm.WakeAt(until, wake);
        await wake.Task.ConfigureAwait(false);
    }

    private void Retire(string key, Mailbox mailbox)
    {
        mailbox.Retired = true;
        if (_mailboxes.TryRemove(new KeyValuePair<string, Mailbox>(key, mailbox)))
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>
    /// One timer for every key waiting out its interval. Under load tens of thousands of keys wait at
    /// once (one per busy entity); a timer each (Task.Delay) made the runtime's timer queue, and the lock
    /// over it, one of the ingestion's largest costs. Waiters sit in a queue ordered by when they are due,
    /// and the one timer is set for the earliest; it wakes what is due, at most <c>slack</c> late, so
    /// waiters due close together are woken by one tick.
    /// </summary>
    private sealed class Alarm(TimeProvider time, TimeSpan slack)
    {
        private readonly Lock _lock = new();
        private readonly PriorityQueue<TaskCompletionSource, long> _sleepers = new();
        private ITimer? _timer;
        private long _setFor = long.MaxValue;

        /// <summary>Completes <paramref name="wake"/> once <see cref="TimeProvider.GetTimestamp"/> reaches <paramref name="due"/> (or soon after).</summary>
        public void WakeAt(long due, TaskCompletionSource wake)
        {
            lock (_lock)
            {
                _sleepers.Enqueue(wake, due);
                if (due < _setFor)
                {
                    Set(due, time.GetTimestamp());
                }
            }
        }

        private void Ring()
        {
            List<TaskCompletionSource> woken = [];
            lock (_lock)
            {
                var now = time.GetTimestamp();
                while (_sleepers.TryPeek(out _, out var due) && due <= now)
                {
                    woken.Add(_sleepers.Dequeue());
                }

                _setFor = long.MaxValue;
                if (_sleepers.TryPeek(out _, out var next))
                {
                    Set(Math.Max(next, now + (long)(slack.TotalSeconds * time.TimestampFrequency)), now);
                }
            }

            foreach (var wake in woken)
            {
                wake.TrySetResult(); // a flush may have woken it already
            }
        }

        private void Set(long due, long now)
        {
            _setFor = due;
            var delay = TimeSpan.FromSeconds(Math.Max(0, due - now) / (double)time.TimestampFrequency);
            _timer ??= time.CreateTimer(static alarm => ((Alarm)alarm!).Ring(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Deliveries held back by <see cref="Hold"/>; <see cref="Release"/> starts them.</summary>
    public sealed class Held(Coalescer<TItem> coalescer)
    {
        internal List<(string Key, Mailbox Mailbox)> Starts { get; } = [];

        /// <summary>Starts the deliveries held back (each mailbox is already marked running, so nothing else starts them).</summary>
        public void Release()
        {
            foreach (var (key, mailbox) in Starts)
            {
                _ = coalescer.PumpAsync(key, mailbox);
            }

            Starts.Clear();
        }
    }

    internal sealed class Mailbox
    {
        public List<TItem> Pending { get; set; } = [];

        /// <summary>The list delivered last, emptied: the next <see cref="Pending"/>.</summary>
        public List<TItem>? Spare { get; set; }

        /// <summary>Completes with the delivery that will carry <see cref="Pending"/>.</summary>
        public TaskCompletionSource? Next { get; set; }

        /// <summary>Completes with the delivery under way (or the last one).</summary>
        public TaskCompletionSource? Current { get; set; }

        /// <summary>Set while the pump waits out the interval; completing it ends the wait.</summary>
        public TaskCompletionSource? Wake { get; set; }

        /// <summary>A flush asked for the next delivery to start without waiting.</summary>
        public bool Urgent { get; set; }

        /// <summary>The pump waits past the interval for items: queuing enough of them completes <see cref="Wake"/>.</summary>
        public bool Filling { get; set; }

        public bool Running { get; set; }

        public bool Retired { get; set; }
    }
}
