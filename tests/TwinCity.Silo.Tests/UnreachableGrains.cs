using System.Reflection;
using Microsoft.Extensions.Time.Testing;

namespace TwinCity.Silo.Tests;

/// <summary>
/// A grain factory whose every call fails, as when the cluster's silos are gone, and which counts its calls:
/// for the background services that must outlive such a failure.
/// </summary>
public class UnreachableGrains : DispatchProxy
{
    private readonly SemaphoreSlim _calls = new(0);

    /// <summary>A new factory that fails every call.</summary>
    public static IGrainFactory Create() => Create<IGrainFactory, UnreachableGrains>();

    /// <summary>
    /// Moves the clock by <paramref name="interval"/> until the factory is called, at most 100 times.
    /// Hosted services start on a pool thread (.NET 10), so their timer may not exist at the first tick.
    /// </summary>
    public static async Task<bool> TickUntilCalledAsync(IGrainFactory grains, FakeTimeProvider time, TimeSpan interval)
    {
        var calls = ((UnreachableGrains)(object)grains)._calls;
        for (var tick = 0; tick < 100; tick++)
        {
            if (await calls.WaitAsync(TimeSpan.FromMilliseconds(100)))
            {
                return true;
            }

            time.Advance(interval);
        }

        return false;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        _calls.Release();
        throw new InvalidOperationException("Unable to connect to the cluster (test)");
    }
}
