namespace TwinCity.Silo.Ingestion;

/// <summary>
/// Items grouped by key into lists that are kept from one use to the next (<see cref="Clear"/> empties
/// them without letting them go): grouping a batch of 10,000 readings by tile made a list per tile
/// and batch, some of them large enough for the large-object heap, where garbage is dear.
/// </summary>
/// <typeparam name="TItem">What is grouped.</typeparam>
internal sealed class Grouping<TItem>
{
    private readonly Dictionary<string, List<TItem>> _groups = new(StringComparer.Ordinal);
    private readonly Stack<List<TItem>> _spare = new();

    /// <summary>The groups so far, in no particular order; each list holds its items in the order they were added.</summary>
    public Dictionary<string, List<TItem>> Groups => _groups;

    /// <summary>Adds <paramref name="item"/> to the group of <paramref name="key"/>.</summary>
    public void Add(string key, in TItem item)
    {
        if (!_groups.TryGetValue(key, out var list))
        {
            _groups[key] = list = _spare.TryPop(out var spare) ? spare : [];
        }

        list.Add(item);
    }

    /// <summary>Empties every group, keeping the lists for the next use.</summary>
    public void Clear()
    {
        foreach (var list in _groups.Values)
        {
            list.Clear();
            _spare.Push(list);
        }

        _groups.Clear();
    }
}
