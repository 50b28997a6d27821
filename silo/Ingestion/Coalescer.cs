using System.Collections.Concurrent;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Per-key batching with one delivery in flight per key: items queued for a key while its delivery is
/// under way go together in the next one. At low load every item leaves at once; under load each call
/// carries whatever piled up meanwhile, so the number of calls per key adapts to how fast the target
/// answers instead of growing with the number of items.
/// </summary>
/// <remarks>
/// Items of one key are delivered in the order they were queued. A key's mailbox is dropped as soon as
/// it is empty, so keys that fell silent (the entities of a previous city) cost nothing.
/// </remarks>
/// <typeparam name="TItem">What is queued.</typeparam>
/// <param name="deliver">Delivers a key's items; a failure fails the tasks of exactly those items.</param>
internal sealed class Coalescer<TItem>(Func<string, List<TItem>, Task> deliver)
{
    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.Ordinal);

    /// <summary>Mailboxes with work queued or under way.</summary>
    public int ActiveKeys => _mailboxes.Count;

    /// <summary>Queues <paramref name="items"/> for <paramref name="key"/>; the task ends when the delivery carrying them has.</summary>
    public Task EnqueueAsync(string key, IReadOnlyList<TItem> items)
    {
        while (true)
        {
            var mailbox = _mailboxes.GetOrAdd(key, static _ => new Mailbox());
            Task delivered;
            bool start;
            lock (mailbox)
            {
                if (mailbox.Retired)
                {
                    continue; // emptied and dropped between GetOrAdd and the lock: take the new one
                }

                mailbox.Pending.AddRange(items);
                mailbox.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                delivered = mailbox.Next.Task;
                start = !mailbox.Running;
                mailbox.Running = true;
            }

            if (start)
            {
                _ = PumpAsync(key, mailbox);
            }

            return delivered;
        }
    }

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
                    mailbox.Retired = true;
                    _mailboxes.TryRemove(new KeyValuePair<string, Mailbox>(key, mailbox));
                    return;
                }

                (items, mailbox.Pending) = (mailbox.Pending, []);
                (done, mailbox.Next) = (mailbox.Next!, null);
            }

            try
            {
                await deliver(key, items).ConfigureAwait(false);
                done.SetResult();
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }
    }

    private sealed class Mailbox
    {
        public List<TItem> Pending { get; set; } = [];

        public TaskCompletionSource? Next { get; set; }

        public bool Running { get; set; }

        public bool Retired { get; set; }
    }
}
