using Microsoft.Extensions.Options;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Gathers small messages arriving together (one MQTT publish per reading, from many sensors) into
/// packs for <see cref="SensorIngestor"/>, so routing, validation and grain calls are paid per pack,
/// not per message. Each message still gets its own answer: when a gathered pack is refused, its
/// messages are retried one by one, so a bad message refuses only itself.
/// </summary>
/// <remarks>
/// Nothing waits for a pack to fill: a message that finds no pack under way goes at once, alone; the
/// messages that arrive while packs are under way go together in the next one. A message's task ends
/// once its readings are applied (or refused), so an acknowledgement sent then still means "in the twin".
/// </remarks>
public sealed class MessageBatcher(SensorIngestor ingestor, IOptions<IngestionOptions> options)
{
    /// <summary>Packs under way at once: enough to keep every core busy while others wait on grains.</summary>
    private static readonly int MaxPacksInFlight = Math.Max(2, Environment.ProcessorCount * 2);

    private readonly Lock _lock = new();
    private List<Message> _queue = [];
    private int _running;

    /// <summary>Applies one message's records; the result is that message's alone.</summary>
    public Task<SensorIngestResult> IngestAsync(IReadOnlyList<SenmlRecord> records, string source)
    {
        var message = new Message(records, source, new TaskCompletionSource<SensorIngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            _queue.Add(message);
            start = _running < MaxPacksInFlight;
            if (start)
            {
                _running++;
            }
        }

        if (start)
        {
            _ = PumpAsync();
        }

        return message.Done.Task;
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            List<Message> taken;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _running--;
                    return;
                }

                taken = TakePack();
            }

            try
            {
                await DeliverAsync(taken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                foreach (var message in taken)
                {
                    message.Done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Messages from the head of the queue, up to the batch size in readings (at least one message).</summary>
    private List<Message> TakePack()
    {
        var limit = options.Value.MaxBatchSize;
        var readings = 0;
        var count = 0;
        while (count < _queue.Count && (count == 0 || readings + _queue[count].Records.Count <= limit))
        {
            readings += _queue[count].Records.Count;
            count++;
        }

        if (count == _queue.Count)
        {
            (var all, _queue) = (_queue, []);
            return all;
        }

        var pack = _queue.GetRange(0, count);
        _queue.RemoveRange(0, count);
        return pack;
    }

    private async Task DeliverAsync(List<Message> pack)
    {
        if (pack.Count == 1)
        {
            pack[0].Done.TrySetResult(await ingestor.IngestAsync(pack[0].Records, pack[0].Source).ConfigureAwait(false));
            return;
        }

        var records = new List<SenmlRecord>(pack.Sum(m => m.Records.Count));
        foreach (var message in pack)
        {
            records.AddRange(message.Records);
        }

        var together = await ingestor.IngestAsync(records, "gathered messages", countRefusal: false, CancellationToken.None).ConfigureAwait(false);
        if (together.Succeeded)
        {
            foreach (var message in pack)
            {
                // People counts suppressed in the pack are counted by the ingestor; a message only needs to know it landed.
                message.Done.TrySetResult(new SensorIngestResult(message.Records.Count, 0, []));
            }

            return;
        }

        // Something in the pack was refused: each message on its own, so the bad one refuses only itself.
        await Task.WhenAll(pack.Select(async message =>
            message.Done.TrySetResult(await ingestor.IngestAsync(message.Records, message.Source).ConfigureAwait(false)))).ConfigureAwait(false);
    }

    private sealed record Message(IReadOnlyList<SenmlRecord> Records, string Source, TaskCompletionSource<SensorIngestResult> Done);
}
