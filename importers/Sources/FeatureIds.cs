using System.Globalization;

namespace TwinCity.Importers.Sources;

/// <summary>
/// Stable entity ids for features of tabular formats. Data exported from OpenStreetMap keeps its OSM
/// identity (<c>@type</c>/<c>@id</c> from osmium, <c>osm_type</c>/<c>osm_id</c> columns), so the same
/// building gets the same id whichever format it arrives in; otherwise the feature's own id, else its
/// position in the file.
/// </summary>
public static class FeatureIds
{
    /// <summary>The id of a feature with <paramref name="attributes"/>, at <paramref name="index"/> in <paramref name="file"/>.</summary>
    public static string From(IReadOnlyDictionary<string, string> attributes, string? featureId, string file, int index)
    {
        if ((attributes.TryGetValue("@type", out var type) || attributes.TryGetValue("osm_type", out type))
            && (attributes.TryGetValue("@id", out var id) || attributes.TryGetValue("osm_id", out id))
            && type is "node" or "way" or "relation" && long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var osm))
        {
            return $"osm:{type}/{osm}";
        }

        var stem = Path.GetFileName(file).Split('.')[0];
        if (!string.IsNullOrWhiteSpace(featureId))
        {
            return $"{stem}:{featureId}";
        }

        return attributes.TryGetValue("id", out var own) && !string.IsNullOrWhiteSpace(own)
            ? $"{stem}:{own}"
            : string.Create(CultureInfo.InvariantCulture, $"{stem}:{index}");
    }

    /// <summary>An attribute value as the string a tag would hold (numbers invariant, no trailing zeros).</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
