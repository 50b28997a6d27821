using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TwinCity.Models.Grains;
using TwinCity.Silo.Hosting;

namespace TwinCity.Silo.Grains;

/// <summary>
/// One clock for the write-behind of every entity grain of this silo: an entity with changes to store
/// asks to be called back after an interval (<see cref="Schedule"/>), and the clock calls its
/// <see cref="IWritesBehind.WriteBehindAsync"/> then. The call is a grain call, so it takes its turn
/// with the entity's other calls, as a grain timer's tick would.
/// </summary>
/// <remarks>
/// Why not a grain timer per entity: under sensor load each of 50,000 buildings had one, and the
/// runtime's timer queue walks all of its long timers about three times a second. In a scratch program,
/// 50,000 timers of 30 s cost 139 ms of CPU per second doing nothing else: 7% of the two cores. Here
/// they are one priority queue and one timer, ringing <see cref="Resolution"/> apart.
/// </remarks>
public sealed partial class WriteBehindClock : IDisposable
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<Ticket, long> _queue = new();
    private readonly TimeProvider _time;
    private readonly ILogger<WriteBehindClock> _logger;
    private readonly ITimer _timer;
    private int _ringing;
    private long _failures;
    private long _lastFailureLog;
    private volatile bool _stopping;

    /// <summary>Creates the clock of this silo; it rings from now on.</summary>
    public WriteBehindClock(IOptions<TwinCitySiloOptions> options, TimeProvider time, ILogger<WriteBehindClock> logger, IHostApplicationLifetime? lifetime = null)
    {
        // Once the process stops, no more calls: every entity writes what it holds as it deactivates, and a call
        // made after that would find no silo to place the entity on (a failure and a warning for nothing).
        lifetime?.ApplicationStopping.Register(() => _stopping = true);
        (_time, _logger) = (time, logger);
        // A three-hundredth of the interval (100 ms at the default 30 s): calls come at most that late, and
        // each ring hands out the calls due since the last one. It rang every second: with 50,313 buildings
        // writing every 30 s, some 1,700 calls went onto the thread pool at once, each second, ahead of
        // whatever came next (a reading to acknowledge, a tile's frame); now some 170 every 100 ms.
        Resolution = TimeSpan.FromTicks(Math.Clamp(options.Value.StateFlushInterval.Ticks / 300, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _timer = time.CreateTimer(static clock => ((WriteBehindClock)clock!).Ring(), this, Resolution, Resolution);
    }

    /// <summary>How far apart the clock rings: the most a call comes late.</summary>
    public TimeSpan Resolution { get; }

    /// <summary>Entities waiting for their call.</summary>
    public int Scheduled
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="entity"/> back once <paramref name="after"/> has passed, unless the returned ticket is cancelled first.</summary>
    public Ticket Schedule(IWritesBehind entity, TimeSpan after)
    {
        var ticket = new Ticket(entity);
        var due = _time.GetTimestamp() + (long)(after.TotalSeconds * _time.TimestampFrequency);
        lock (_lock)
        {
            _queue.Enqueue(ticket, due);
        }

        return ticket;
    }

    /// <inheritdoc />
    public void Dispose() => _timer.Dispose();

    private void Ring()
    {
        if (_stopping || Interlocked.Exchange(ref _ringing, 1) == 1)
        {
            return; // the previous ring is still handing out calls
        }

        try
        {
            List<Ticket> due = [];
            var now = _time.GetTimestamp();
            lock (_lock)
            {
                while (_queue.TryPeek(out _, out var at) && at <= now)
                {
                    var ticket = _queue.Dequeue();
                    if (!ticket.IsCancelled)
                    {
                        due.Add(ticket);
                    }
                }
            }

            foreach (var ticket in due)
            {
                _ = CallAsync(ticket);
            }
        }
        finally
        {
            Volatile.Write(ref _ringing, 0);
        }
    }

    private async Task CallAsync(Ticket ticket)
    {
        try
        {
            await ticket.Entity.WriteBehindAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The entity keeps what it did not write and writes it on deactivation; its next reading schedules it again.
            // Logged at most every ten seconds: a store that is down fails every entity's call.
            var failures = Interlocked.Increment(ref _failures);
            var last = Interlocked.Read(ref _lastFailureLog);
            if (_time.GetElapsedTime(last) >= TimeSpan.FromSeconds(10) && Interlocked.CompareExchange(ref _lastFailureLog, _time.GetTimestamp(), last) == last)
            {
                LogCallFailed(ex, ticket.Entity.GetPrimaryKeyString(), failures);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Write-behind of entity {EntityId} failed ({Failures} failed calls since start); it writes on deactivation or after its next reading")]
    private partial void LogCallFailed(Exception exception, string entityId, long failures);

    /// <summary>One scheduled call; cancel it when the entity deactivates.</summary>
    /// <param name="entity">The entity to call.</param>
    public sealed class Ticket(IWritesBehind entity)
    {
        private volatile bool _cancelled;

        /// <summary>The entity to call.</summary>
        public IWritesBehind Entity { get; } = entity;

        /// <summary>True once cancelled: the clock drops it.</summary>
        public bool IsCancelled => _cancelled;

        /// <summary>Drops the call, if it has not been made yet.</summary>
        public void Cancel() => _cancelled = true;
    }
}
