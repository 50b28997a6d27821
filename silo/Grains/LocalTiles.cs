using System.Collections.Concurrent;
using TwinCity.Models.Frames;

namespace TwinCity.Silo.Grains;

/// <summary>
/// The live values of the tile grains of this silo that are sending frames, so that ingestion running in
/// the same process (the embedded twin) writes readings into them directly instead of calling each grain.
/// </summary>
/// <remarks>
/// <para>
/// Why: a busy tile hears a few dozen readings a second, and each pack of MQTT publishes touches many
/// tiles, so the call per tile and pack was a large share of the ingestion's CPU at city scale (about
/// 1,600 tiles). A tile that sends frames reads its values at every tick anyway; writing them in place
/// costs a lock instead of a grain call.
/// </para>
/// <para>
/// A tile grain opens its values here when it starts ticking and closes them when a tick finds nothing
/// to send, or when it deactivates. Readings for a tile that is not open (asleep, on another silo, or
/// ingested by a front end that is only a client of the cluster) go by grain call as before, and that
/// call opens it. Every access to the values, by the grain or by ingestion, holds the lock of its
/// <see cref="LiveTile"/>.
/// </para>
/// </remarks>
public sealed class LocalTiles
{
    private readonly ConcurrentDictionary<string, LiveTile> _open = new(StringComparer.Ordinal);

    /// <summary>
    /// Applies <paramref name="readings"/> to the tile's values if it is open; false when it is not,
    /// and the caller must call the grain. <paramref name="ignored"/> counts readings that name a
    /// feature or metric the tile does not have (a city that changed under a batch).
    /// </summary>
    public bool TryApply(string tileId, List<FeatureReading> readings, out int ignored)
    {
        ignored = 0;
        if (!_open.TryGetValue(tileId, out var tile))
        {
            return false;
        }

        lock (tile)
        {
            if (!tile.IsOpen)
            {
                return false; // closed between the look-up and the lock: the grain call reopens it
            }

            foreach (var reading in readings)
            {
                if (!tile.Values.Apply(reading))
                {
                    ignored++;
                }
            }
        }

        return true;
    }

    /// <summary>Opens <paramref name="tile"/> for direct writes; the caller holds its lock.</summary>
    internal void Open(string tileId, LiveTile tile)
    {
        tile.IsOpen = true;
        _open[tileId] = tile;
    }

    /// <summary>Closes <paramref name="tile"/>: the next readings for it come by grain call. The caller holds its lock.</summary>
    internal void Close(string tileId, LiveTile tile)
    {
        tile.IsOpen = false;
        _open.TryRemove(new KeyValuePair<string, LiveTile>(tileId, tile));
    }
}

/// <summary>A tile grain's live values and whether ingestion may write them directly; lock it to touch either.</summary>
/// <param name="values">The values.</param>
public sealed class LiveTile(TileValues values)
{
    /// <summary>The tile's latest values and pending changes.</summary>
    public TileValues Values { get; } = values;

    /// <summary>Whether the tile is in <see cref="LocalTiles"/>, and so ticking.</summary>
    public bool IsOpen { get; internal set; }
}
