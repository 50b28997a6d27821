using System.Collections.Concurrent;
using TwinCity.Models.Grains;

namespace TwinCity.Silo.Tests;

/// <summary>
/// A grain call filter of the test cluster that holds the live-value calls to chosen tiles until the
/// test lets them go: what a slow tile looks like to the ingestion, without a slow machine.
/// </summary>
internal static class HeldTileCalls
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Held = new(StringComparer.Ordinal);

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
        if (context.MethodName == nameof(ITileGrain.ApplyReadingsAsync)
            && Held.TryGetValue(context.TargetId.Key.ToString()!, out var gate))
        {
            await gate.Task;
        }

        await context.Invoke();
    }

    private sealed class Release(Action release) : IDisposable
    {
        public void Dispose() => release();
    }
}
