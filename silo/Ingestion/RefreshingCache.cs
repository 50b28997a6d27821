namespace TwinCity.Silo.Ingestion;

/// <summary>
/// A value read from grains and kept for <see cref="MaxAge"/>, so that the ingestion path asks no grain
/// per call (the sensor register, the city's entities, the alert rules). Once the value is half that
/// age, the first caller starts one refresh in the background and goes on with the value it has, so a
/// process in steady use never waits for a refresh. A caller waits only for a value older than
/// <see cref="MaxAge"/> (nobody asked for a while, or the background refresh failed) or one that was
/// <see cref="Invalidate">invalidated</see> (after an edit through this process, which must be seen at once).
/// </summary>
/// <remarks>
/// Why not refresh on expiry: every caller then waited for the refresh, a grain call that under load
/// queues behind the thread pool's work. With three such caches ingestion stalled every few seconds,
/// and a reading arriving then waited tens of milliseconds longer to be applied and shown.
/// </remarks>
/// <typeparam name="T">The value; the refresh gets the current one, to reuse it when nothing changed.</typeparam>
public sealed class RefreshingCache<T>
{
    private readonly Func<T, Task<T>> _read;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Entry _entry;
    private int _generation;
    private int _refreshingInBackground;

    /// <summary>Creates a cache holding <paramref name="initial"/>, which counts as never read: the first caller waits for <paramref name="read"/>.</summary>
    /// <param name="initial">The value before the first read.</param>
    /// <param name="read">Reads the value again, given the current one.</param>
    /// <param name="maxAge">How old a value may be when it is served.</param>
    /// <param name="time">The clock.</param>
    public RefreshingCache(T initial, Func<T, Task<T>> read, TimeSpan maxAge, TimeProvider time)
    {
        (_read, _time, MaxAge) = (read, time, maxAge);
        _entry = new Entry(initial, ReadAt: 0, Generation: -1);
    }

    /// <summary>How old a value may be when it is served.</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>The value, read again first when it is older than <see cref="MaxAge"/> or invalidated.</summary>
    public ValueTask<T> GetAsync()
    {
        var entry = _entry;
        if (!IsCurrent(entry, out var age))
        {
            return new ValueTask<T>(ReadAndWaitAsync());
        }

        if (age >= MaxAge / 2)
        {
            RefreshInBackground();
        }

        return new ValueTask<T>(entry.Value);
    }

    /// <summary>Makes the next caller wait for a new read (a value being read now counts as old too).</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    private bool IsCurrent(Entry entry, out TimeSpan age)
    {
        age = _time.GetElapsedTime(entry.ReadAt);
        return entry.Generation == Volatile.Read(ref _generation) && age < MaxAge;
    }

    private async Task<T> ReadAndWaitAsync()
    {
        await _reading.WaitAsync().ConfigureAwait(false);
        try
        {
            // Whoever held the gate may have just read it.
            var entry = _entry;
            return IsCurrent(entry, out _) ? entry.Value : await ReadAsync(entry).ConfigureAwait(false);
        }
        finally
        {
            _reading.Release();
        }
    }

    private void RefreshInBackground()
    {
        if (Interlocked.CompareExchange(ref _refreshingInBackground, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await _reading.WaitAsync().ConfigureAwait(false);
                try
                {
                    var entry = _entry;
                    if (!IsCurrent(entry, out var age) || age >= MaxAge / 2)
                    {
                        await ReadAsync(entry).ConfigureAwait(false);
                    }
                }
                finally
                {
                    _reading.Release();
                }
            }
            catch (Exception)
            {
                // The value stays as it was; once it is too old, the next caller reads it again and sees the failure.
            }
            finally
            {
                Volatile.Write(ref _refreshingInBackground, 0);
            }
        });
    }

    /// <summary>Reads the value; the caller holds <see cref="_reading"/>.</summary>
    private async Task<T> ReadAsync(Entry current)
    {
        // Taken before the read: an edit invalidated during the read leaves the result old, and its age counts from here.
        var (generation, startedAt) = (Volatile.Read(ref _generation), _time.GetTimestamp());
        var value = await _read(current.Value).ConfigureAwait(false);
        _entry = new Entry(value, startedAt, generation);
        return value;
    }

    private sealed record Entry(T Value, long ReadAt, int Generation);
}
