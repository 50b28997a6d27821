using Microsoft.Extensions.Options;
using TwinCity.Silo.Ingestion.Senml;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Gathers small messages arriving together (one MQTT publish per reading, from many sensors) into
/// packs for <see cref="SensorIngestor"/>, so routing, validation and grain calls are paid per pack,
/// not per message. Each message still gets its own outcome: when a gathered pack is refused, it is
/// split in halves until the bad messages stand alone, so a bad message refuses only itself.
/// </summary>
/// <remarks>
/// <para>
/// Nothing waits for a pack to fill: a message that finds no pack under way goes at once, alone; the
/// messages that arrive while packs are under way go together in the next one. A message's task ends
/// once its readings are applied (or refused), so an acknowledgement sent then still means "in the twin".
/// </para>
/// <para>
/// Messages nobody waits on (<see cref="HandOverAsync"/>, MQTT QoS 0) do not hold their connection, so
/// one connection has many in the queue and one sensor may have several. They have a lane of their own,
/// whose packs are applied one after another: two packs applied at once could reach an entity in either
/// order, and a reading that comes after a newer one costs the entity a move in its history (and, when
/// that part of the history is stored already, a read and a rewrite). One pack at a time keeps up: the
/// packs grow to <see cref="IngestionOptions.MaxBatchSize"/> while one is applied.
/// </para>
/// </remarks>
public sealed class MessageBatcher(SensorIngestor ingestor, IOptions<IngestionOptions> options)
{
    /// <summary>Packs of answered messages under way at once: enough to keep every core busy while others wait on grains.</summary>
    private static readonly int MaxPacksInFlight = Math.Max(2, Environment.ProcessorCount * 2);

    private readonly Lock _lock = new();
    private readonly Lane _answered = new(MaxPacksInFlight);
    private readonly Lane _unanswered = new(1);
    private int _handedOver;

    /// <summary>Applies one message's records; the result is that message's alone.</summary>
    public Task<SensorIngestResult> IngestAsync(IReadOnlyList<SenmlRecord> records, string source) =>
        Enqueue(_answered, records, source);

    /// <summary>
    /// Hands over a message whose sender asked for no answer (MQTT QoS 0): the task ends at once, while
    /// the message waits for its pack, unless <see cref="IngestionOptions.MaxUnacknowledgedMessages"/>
    /// such messages are still being applied; then it ends once this one is applied, so the caller stops
    /// reading its connection for that long. Handed-over messages are applied in the order they came.
    /// A refusal is counted and logged as for any message.
    /// </summary>
    public ValueTask HandOverAsync(IReadOnlyList<SenmlRecord> records, string source)
    {
        var tooMany = Interlocked.Increment(ref _handedOver) > options.Value.MaxUnacknowledgedMessages;
        var applied = SettleAsync(Enqueue(_unanswered, records, source), source);
        return tooMany ? new ValueTask(applied) : ValueTask.CompletedTask;
    }

    /// <summary>Ends once a handed-over message is applied or refused; nobody else will look at its outcome.</summary>
    private async Task SettleAsync(Task<SensorIngestResult> applying, string source)
    {
        try
        {
            await applying.ConfigureAwait(false); // a refusal was counted and logged by the ingestor
        }
        catch (Exception ex)
        {
            ingestor.CountRejected(source, $"not applied: {ex.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref _handedOver);
        }
    }

    private Task<SensorIngestResult> Enqueue(Lane lane, IReadOnlyList<SenmlRecord> records, string source)
    {
        var message = new Message(records, source, new TaskCompletionSource<SensorIngestResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_lock)
        {
            lane.Queue.Add(message);
            start = lane.Running < lane.MaxPumps;
            if (start)
            {
                lane.Running++;
            }
        }

        if (start)
        {
            _ = PumpAsync(lane);
        }

        return message.Done.Task;
    }

    private async Task PumpAsync(Lane lane)
    {
        while (true)
        {
            List<Message> taken;
            lock (_lock)
            {
                if (lane.Queue.Count == 0)
                {
                    lane.Running--;
                    return;
                }

                taken = TakePack(lane);
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

    /// <summary>Messages from the head of the lane's queue, up to the batch size in readings (at least one message).</summary>
    private List<Message> TakePack(Lane lane)
    {
        var queue = lane.Queue;
        var limit = options.Value.MaxBatchSize;
        var readings = 0;
        var count = 0;
        while (count < queue.Count && (count == 0 || readings + queue[count].Records.Count <= limit))
        {
            readings += queue[count].Records.Count;
            count++;
        }

        if (count == queue.Count)
        {
            lane.Queue = [];
            return queue;
        }

        var pack = queue.GetRange(0, count);
        queue.RemoveRange(0, count);
        return pack;
    }

    /// <summary>
    /// Applies <paramref name="pack"/> whole when it can; a refused pack is split in halves, applied in
    /// order, until each bad message is alone and refused on its own (counted and logged then).
    /// </summary>
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

        var half = pack.Count / 2;
        await DeliverAsync(pack.GetRange(0, half)).ConfigureAwait(false);
        await DeliverAsync(pack.GetRange(half, pack.Count - half)).ConfigureAwait(false);
    }

    private sealed record Message(IReadOnlyList<SenmlRecord> Records, string Source, TaskCompletionSource<SensorIngestResult> Done);

    /// <summary>A queue of messages and the pumps taking packs from it.</summary>
    private sealed class Lane(int maxPumps)
    {
        public int MaxPumps { get; } = maxPumps;

        public List<Message> Queue { get; set; } = [];

        public int Running { get; set; }
    }
}
