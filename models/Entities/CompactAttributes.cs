using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace TwinCity.Models.Entities;

/// <summary>
/// A small, read-only set of attributes (a building's OSM tags) held as one array of key/value pairs.
/// A resident grain keeps its description for as long as it lives; with a million of them a
/// <see cref="Dictionary{TKey, TValue}"/> (buckets, entries, object) costs about twice this for the
/// handful of tags a feature has, and a linear scan over them is as fast as hashing.
/// </summary>
[GenerateSerializer, Immutable, Alias("TwinCity.CompactAttributes")]
public sealed class CompactAttributes : IReadOnlyDictionary<string, string>
{
    /// <summary>Keys at even indices, each followed by its value; keys are distinct.</summary>
    [Id(0)] private readonly string[] _pairs;

    /// <summary>An empty set.</summary>
    public static CompactAttributes Empty { get; } = new([]);

    private CompactAttributes(string[] pairs) => _pairs = pairs;

    /// <summary>The attributes of <paramref name="source"/>, each key and value passed through <paramref name="share"/> (e.g. to a string pool).</summary>
    public static CompactAttributes From(IReadOnlyDictionary<string, string> source, Func<string, string, (string Key, string Value)>? share = null)
    {
        if (source.Count == 0)
        {
            return Empty;
        }

        var pairs = new string[source.Count * 2];
        var i = 0;
        foreach (var (key, value) in source)
        {
            (pairs[i], pairs[i + 1]) = share is null ? (key, value) : share(key, value);
            i += 2;
        }

        return new CompactAttributes(pairs);
    }

    /// <inheritdoc />
    public int Count => _pairs.Length / 2;

    /// <inheritdoc />
    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No attribute '{key}'.");

    /// <inheritdoc />
    public IEnumerable<string> Keys => Pairs(0);

    /// <inheritdoc />
    public IEnumerable<string> Values => Pairs(1);

    /// <inheritdoc />
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <inheritdoc />
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        var at = IndexOf(key);
        value = at >= 0 ? _pairs[at + 1] : null;
        return at >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            yield return new KeyValuePair<string, string>(_pairs[i], _pairs[i + 1]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        for (var i = 0; i < _pairs.Length; i += 2)
        {
            if (string.Equals(_pairs[i], key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private IEnumerable<string> Pairs(int offset)
    {
        for (var i = offset; i < _pairs.Length; i += 2)
        {
            yield return _pairs[i];
        }
    }
}
