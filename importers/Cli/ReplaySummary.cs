namespace TwinCity.Importers.Cli;

/// <summary>What a replay did; counters are updated as acknowledgements arrive.</summary>
public sealed class ReplaySummary
{
    private long _acknowledged;
    private long _refused;
    private string? _firstRefusal;

    /// <summary>Readings sent.</summary>
    public long Published { get; set; }

    /// <summary>Readings the broker acknowledged as accepted.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Readings refused (failing PUBACK reason code) or lost.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Rows marked invalid (<c>valid=0</c>) and not sent.</summary>
    public long SkippedInvalid { get; set; }

    /// <summary>The first refusal, with the broker's reason.</summary>
    public string? FirstRefusal => Volatile.Read(ref _firstRefusal);

    /// <summary>Recording time of the first row sent.</summary>
    public DateTimeOffset? FirstRecorded { get; set; }

    /// <summary>Recording time of the last row sent.</summary>
    public DateTimeOffset? LastRecorded { get; set; }

    /// <summary>Wall-clock duration.</summary>
    public TimeSpan Elapsed { get; set; }

    internal void Count(bool accepted, string refusal)
    {
        if (accepted)
        {
            Interlocked.Increment(ref _acknowledged);
            return;
        }

        Interlocked.Increment(ref _refused);
        Interlocked.CompareExchange(ref _firstRefusal, refusal, null);
    }
}
