using TwinCity.Models.Frames;

namespace TwinCity.Silo.Grains;

/// <summary>
/// The latest value of every metric of every feature of a tile, and which of them changed since
/// the last frame. Plain data with no Orleans in it, so the coalescing rule is tested on its own.
/// </summary>
public sealed class TileValues
{
    private readonly float[] _values;
    private readonly long[] _ticks;
    private readonly bool[] _pending;
    private readonly List<int> _pendingSlots = [];

    /// <summary>Creates storage for <paramref name="featureCount"/> × <paramref name="metricCount"/> values, all unknown (NaN).</summary>
    public TileValues(int featureCount, int metricCount)
    {
        FeatureCount = featureCount;
        MetricCount = metricCount;
        _values = new float[featureCount * metricCount];
        Array.Fill(_values, float.NaN);
        _ticks = new long[_values.Length];
        _pending = new bool[_values.Length];
    }

    /// <summary>Number of features.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of metrics per feature.</summary>
    public int MetricCount { get; }

    /// <summary>True when some change has not gone out in a frame yet.</summary>
    public bool HasPending => _pendingSlots.Count > 0;

    /// <summary>
    /// Records a reading unless the value held is from the same time or newer (so replays and reordered
    /// batches converge, as in the entity grains); a reading that changes the value is pending until the next frame.
    /// </summary>
    /// <returns>False when the reading names a feature or metric this tile does not have.</returns>
    public bool Apply(FeatureReading reading)
    {
        if ((uint)reading.FeatureIndex >= (uint)FeatureCount || (uint)reading.MetricIndex >= (uint)MetricCount)
        {
            return false;
        }

        var slot = (reading.MetricIndex * FeatureCount) + reading.FeatureIndex;
        var ticks = reading.Time.UtcTicks;
        if (_ticks[slot] >= ticks)
        {
            return true;
        }

        _ticks[slot] = ticks;
        _values[slot] = reading.Value;
        if (!_pending[slot])
        {
            _pending[slot] = true;
            _pendingSlots.Add(slot);
        }

        return true;
    }

    /// <summary>Every change since the previous call, one per feature and metric (the latest), and clears them.</summary>
    public List<FeatureChange> TakePending()
    {
        var changes = new List<FeatureChange>(_pendingSlots.Count);
        foreach (var slot in _pendingSlots)
        {
            _pending[slot] = false;
            changes.Add(ToChange(slot));
        }

        _pendingSlots.Clear();
        return changes;
    }

    /// <summary>Marks every value as sent, without listing them (for a tile nobody watches).</summary>
    public void ForgetPending()
    {
        foreach (var slot in _pendingSlots)
        {
            _pending[slot] = false;
        }

        _pendingSlots.Clear();
    }

    /// <summary>Every known value (NaN values are left out).</summary>
    public List<FeatureChange> All()
    {
        var changes = new List<FeatureChange>();
        for (var slot = 0; slot < _values.Length; slot++)
        {
            if (!float.IsNaN(_values[slot]))
            {
                changes.Add(ToChange(slot));
            }
        }

        return changes;
    }

    private FeatureChange ToChange(int slot) =>
        new(slot % FeatureCount, slot / FeatureCount, _values[slot]);
}
