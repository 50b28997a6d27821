using System.Collections.Concurrent;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Tests;

/// <summary>
/// A grain call filter of the test cluster that holds the live-value calls to chosen tiles until the
/// test lets them go (what a slow tile looks like to the ingestion, without a slow machine), and
/// counts them (which readings went by call and which were written into a ticking tile), and counts
/// entities' reading calls too (the method has the same name).
/// </summary>
internal static class HeldTileCalls
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Held = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, int> Calls = new(StringComparer.Ordinal);

    /// <summary><c>ApplyReadingsAsync</c> calls that reached the grain keyed <paramref name="grainKey"/> so far: a tile's live values, or an entity's readings.</summary>
    public static int CallsTo(string grainKey) => Calls.GetValueOrDefault(grainKey);

    /// <summary>Holds calls to <paramref name="tileId"/> until the returned handle is disposed.</summary>
    public static IDisposable Hold(string tileId)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Held[tileId] = gate;
        return new Release(() =>
        {
            Held.TryRemove(tileId, out _);
            gate.TrySetResult();
        });
    }

    /// <summary>The filter: installed on every silo of <see cref="ClusterFixture"/>.</summary>
    public static async Task InvokeAsync(IIncomingGrainCallContext context)
    {
        if (context.MethodName == nameof(ITileGrain.ApplyReadingsAsync))
        {
            var tileId = context.TargetId.Key.ToString()!;
            Calls.AddOrUpdate(tileId, 1, (_, n) => n + 1);
            if (Held.TryGetValue(tileId, out var gate))
            {
                await gate.Task;
            }
        }

        await context.Invoke();
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
