using System.Diagnostics.CodeAnalysis;
using System.Collections.Concurrent;
using TwinCity.Models.Entities;

namespace TwinCity.Silo.Grains;

/// <summary>
/// One copy of the strings many entities repeat: attribute keys (<c>building</c>, <c>addr:street</c>),
/// short values (<c>yes</c>, <c>residential</c>), tile ids, licences. A description read back from
/// storage comes with its own copy of each; with a million resident grains those copies cost more than
/// the values themselves. Bounded: past <see cref="MaxEntries"/> strings are kept as they are.
/// </summary>
public sealed class SharedStrings
{
    /// <summary>Most distinct strings held.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Values longer than this (names, addresses: mostly unique) are not shared.</summary>
    public const int MaxValueLength = 24;

    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);

    /// <summary>The shared copy of <paramref name="value"/>.</summary>
    public string Share(string value)
    {
        if (_pool.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return _pool.Count < MaxEntries ? _pool.GetOrAdd(value, value) : value;
    }

    /// <summary>The description with shared strings and compact attributes (null stays null).</summary>
    [return: NotNullIfNotNull(nameof(info))]
    public BuildingInfo? Share(BuildingInfo? info)
    {
        if (info is null)
        {
            return null;
        }

        var attributes = Share(info.Attributes);
        return info with { Name = NameFrom(info.Name, attributes), TileId = Share(info.TileId), Attributes = attributes };
    }

    /// <summary>The description with shared strings and compact attributes (null stays null).</summary>
    [return: NotNullIfNotNull(nameof(info))]
    public NetworkEntityInfo? Share(NetworkEntityInfo? info)
    {
        if (info is null)
        {
            return null;
        }

        var attributes = Share(info.Attributes);
        return info with
        {
            Kind = Share(info.Kind),
            Name = NameFrom(info.Name, attributes),
            Layer = Share(info.Layer),
            TileId = Share(info.TileId),
            Attributes = attributes,
            Licence = Share(info.Licence),
            Attribution = Share(info.Attribution),
        };
    }

    private CompactAttributes Share(IReadOnlyDictionary<string, string> attributes) =>
        CompactAttributes.From(attributes, (key, value) => (Share(key), value.Length <= MaxValueLength ? Share(value) : value));

    // The name is usually the `name` attribute: hold one copy.
    private static string? NameFrom(string? name, CompactAttributes attributes) =>
        name is not null && attributes.TryGetValue("name", out var same) && same == name ? same : name;
}
