using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace TwinCity.Benchmarks;

/// <summary>
/// What this process allocates, by type, from the runtime's allocation samples (one event per ~100 KB
/// allocated, naming the type of the object that crossed the mark). Enough to see which types make the
/// bulk of the garbage without a heap-dump tool; the figures are estimates, not counts.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytes = new(StringComparer.Ordinal);
    private volatile bool _on;

    /// <summary>Starts counting (samples before are ignored).</summary>
    public void Start() => _on = true;

    /// <summary>Stops counting and prints the types that took most, per unit of work.</summary>
    public void Print(long units, string unit, int top = 15)
    {
        _on = false;
        foreach (var (type, bytes) in _bytes.OrderByDescending(p => p.Value).Take(top))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {bytes / (double)units,8:0.0} B per {unit}  {type}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword); // GCAllocationTick is a verbose GC event
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_on || eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData is not { Payload: { } payload, PayloadNames: { } names })
        {
            return;
        }

        var type = names.IndexOf("TypeName") is >= 0 and var t ? payload[t] as string ?? "?" : "?";
        var bytes = names.IndexOf("AllocationAmount64") is >= 0 and var a ? Convert.ToInt64(payload[a], CultureInfo.InvariantCulture) : 100_000;
        _bytes.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
    }
}
