using System.Collections.Concurrent;

namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Refused packs and messages by source (an MQTT client, "HTTP"), for operators: how many, the last
/// reason and when. It also decides which refusals are logged. Each one is, up to
/// <see cref="LinesPerInterval"/> lines per source per <see cref="LogInterval"/>; past that a flood (a
/// sensor far over its rate, a client sending garbage in a loop) would write thousands of lines a second
/// and bury everything else, so the rest of the interval's refusals are counted, and the source's next line
/// after it says how many were not logged.
/// </summary>
/// <remarks>
/// Sources are named by whoever connects, so at most <see cref="MaxSources"/> are kept apart. Refusals
/// from any source beyond that are counted together under <see cref="OtherSources"/>.
/// </remarks>
public sealed class RefusalLog(TimeProvider time)
{
    /// <summary>Sources kept apart.</summary>
    public const int MaxSources = 1_000;

    /// <summary>The source that counts the refusals of sources beyond <see cref="MaxSources"/>.</summary>
    public const string OtherSources = "(other sources)";

    /// <summary>Lines a source may log per <see cref="LogInterval"/>.</summary>
    public const int LinesPerInterval = 10;

    /// <summary>The interval over which a source's log lines are limited.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private long _total;
    private int _kept;

    /// <summary>What was refused from one source since start.</summary>
    /// <param name="Source">Who sent it.</param>
    /// <param name="Refused">Packs and messages refused.</param>
    /// <param name="LastReason">Why the last one was.</param>
    /// <param name="LastAt">When.</param>
    public sealed record SourceRefusals(string Source, long Refused, string LastReason, DateTimeOffset LastAt);

    /// <summary>Refusals since start, all sources.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>
    /// Counts a refusal. Returns null when it is not to be logged; otherwise how many of this source's
    /// refusals since its last logged one were not logged (mostly 0).
    /// </summary>
    public long? Add(string source, string reason)
    {
        Interlocked.Increment(ref _total);
        return Find(source).Add(reason, time.GetUtcNow());
    }

    /// <summary>The sources with the most refusals, most first.</summary>
    public IReadOnlyList<SourceRefusals> Top(int count) =>
        [.. _sources.Values.Select(s => s.Snapshot()).OrderByDescending(s => s.Refused).ThenBy(s => s.Source, StringComparer.Ordinal).Take(count)];

    // The source's entry, or the shared one once MaxSources are kept. Counted here, not with the dictionary's
    // Count, which takes every lock: under a flood from new names this runs for each refusal.
    private Source Find(string source)
    {
        if (_sources.TryGetValue(source, out var found))
        {
            return found;
        }

        var name = Volatile.Read(ref _kept) < MaxSources ? source : OtherSources;
        var added = new Source(name);
        if (_sources.TryAdd(name, added))
        {
            Interlocked.Increment(ref _kept);
            return added;
        }

        return _sources[name];
    }

    private sealed class Source(string name)
    {
        private readonly Lock _lock = new();
        private long _refused;
        private string _lastReason = "";
        private DateTimeOffset _lastAt;
        private DateTimeOffset _intervalStart = DateTimeOffset.MinValue;
        private int _lines;
        private long _notLogged;

        public long? Add(string reason, DateTimeOffset now)
        {
            lock (_lock)
            {
                _refused++;
                (_lastReason, _lastAt) = (reason, now);
                if (now - _intervalStart >= LogInterval)
                {
                    (_intervalStart, _lines) = (now, 0);
                }

                if (_lines == LinesPerInterval)
                {
                    _notLogged++;
                    return null;
                }

                _lines++;
                var skipped = _notLogged;
                _notLogged = 0;
                return skipped;
            }
        }

        public SourceRefusals Snapshot()
        {
            lock (_lock)
            {
                return new SourceRefusals(name, _refused, _lastReason, _lastAt);
            }
        }
    }
}
