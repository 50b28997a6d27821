namespace TwinCity.Importers.Osm;

/// <summary>
/// Every node's position, kept compactly: three parallel arrays (id, longitude and latitude in OSM's
/// 1e-7-degree fixed point), 16 bytes a node and no object per node, looked up by binary search.
/// A sorted file (the norm) appends in id order; anything else is sorted once by <see cref="Seal"/>.
/// Buildings' ways come after the nodes, so which nodes they need is unknown while nodes stream by:
/// all are kept (Monaco: 41k nodes, under 1 MB).
/// </summary>
internal sealed class NodeStore
{
    private long[] _ids = new long[4096];
    private int[] _longitudes = new int[4096];
    private int[] _latitudes = new int[4096];
    private bool _sorted = true;
    private bool _sealed;

    /// <summary>Number of nodes held (distinct once sealed).</summary>
    public int Count { get; private set; }

    public void Add(long id, int longitudeE7, int latitudeE7)
    {
        if (Count == _ids.Length)
        {
            var size = _ids.Length * 2;
            Array.Resize(ref _ids, size);
            Array.Resize(ref _longitudes, size);
            Array.Resize(ref _latitudes, size);
        }

        if (Count > 0 && id <= _ids[Count - 1])
        {
            _sorted = false;
        }

        _ids[Count] = id;
        _longitudes[Count] = longitudeE7;
        _latitudes[Count] = latitudeE7;
        Count++;
        _sealed = false;
    }

    /// <summary>
    /// Makes the store searchable: sorts by id unless the file already was, keeping the last of
    /// repeated ids (a history file lists a node's versions oldest first).
    /// </summary>
    public void Seal()
    {
        _sealed = true;
        if (_sorted)
        {
            return;
        }

        var keys = _ids.AsSpan(0, Count).ToArray();
        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(keys, order);
        var ids = new long[Count];
        var longitudes = new int[Count];
        var latitudes = new int[Count];
        var distinct = 0;
        for (var i = 0; i < keys.Length;)
        {
            // Array.Sort is not stable: of equal ids, take the one that came last in the file.
            var last = order[i];
            var j = i + 1;
            for (; j < keys.Length && keys[j] == keys[i]; j++)
            {
                last = Math.Max(last, order[j]);
            }

            ids[distinct] = keys[i];
            longitudes[distinct] = _longitudes[last];
            latitudes[distinct] = _latitudes[last];
            distinct++;
            i = j;
        }

        (_ids, _longitudes, _latitudes, Count, _sorted) = (ids, longitudes, latitudes, distinct, true);
    }

    /// <summary>The position of node <paramref name="id"/> in degrees; false when the file does not hold it.</summary>
    public bool TryGet(long id, out double longitude, out double latitude)
    {
        if (!_sealed)
        {
            throw new InvalidOperationException("NodeStore.Seal must be called before lookups");
        }

        var index = Array.BinarySearch(_ids, 0, Count, id);
        if (index < 0)
        {
            longitude = latitude = 0;
            return false;
        }

        // Dividing (rather than multiplying by 1e-7) gives the double nearest the decimal, the same
        // value a text export such as GeoJSON carries.
        longitude = _longitudes[index] / 1e7;
        latitude = _latitudes[index] / 1e7;
        return true;
    }
}
