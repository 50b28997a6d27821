using System.Globalization;
using TwinCity.Silo.Grains;
using TwinCity.Silo.Persistence;

namespace TwinCity.Benchmarks;

/// <summary>
/// What an entity's in-memory history allocates per point it records, with written chunks let go at every
/// write-behind as <see cref="PersistedHistory"/> does, for metrics that report 3, 30 or 300 times between
/// two writes. The reference is the points themselves: a tick and a value, 12 bytes, in arrays sized once.
/// Whatever the history allocates beyond that is garbage the collector must find, late, in the oldest generation.
/// </summary>
internal static class HistoryBenchmark
{
    private const int Metrics = 10_000;
    private const int Writes = 20;

    public static void Run()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"History in memory ({Metrics:N0} metrics, {Writes} write-behinds, capacity 2,880 points):"));
        var t0 = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        foreach (var between in new[] { 3, 30, 300 })
        {
            var points = (long)Metrics * Writes * between;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var ticks = new long[points];
            var values = new float[points];
            var reference = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / points;
            GC.KeepAlive((ticks, values));

            var histories = Enumerable.Range(0, Metrics).Select(_ => new MetricHistory(2_880)).ToArray();
            before = GC.GetAllocatedBytesForCurrentThread();
            for (var write = 0; write < Writes; write++)
            {
                foreach (var history in histories)
                {
                    var total = history.Total(0);
                    for (var i = 0; i < between; i++)
                    {
                        history.Add(0, t0.AddSeconds(total + i), i);
                    }

                    history.ForgetBefore(0, history.Total(0) / HistoryChunkStore.ChunkPoints * HistoryChunkStore.ChunkPoints);
                }
            }

            var ours = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / points;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {between,3} points between writes: {ours,5:0.0} B allocated per point (the points themselves: {reference:0.0} B; {ours / reference:0.0}x)"));
        }
    }
}
