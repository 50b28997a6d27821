using System.Globalization;

namespace TwinCity.Importers.Buildings;

/// <summary>
/// Resolves heights from OpenStreetMap-style tags, in the order the OSM wiki's Simple 3D Buildings
/// scheme gives: <c>height</c>, then <c>building:levels</c> × storey height, then a documented default.
/// <c>min_height</c> / <c>building:min_level</c> lift the bottom. <c>levels</c> / <c>min_level</c> are
/// accepted too: shapefile exports cut OSM keys to ten characters and drop the colon. Values we cannot use are reported, never guessed at silently.
/// </summary>
public sealed class BuildingHeights(HeightSettings settings)
{
    /// <summary>Resolves the height of one building from its tags.</summary>
    public ResolvedHeight Resolve(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        string? warning = null;
        var estimated = false;

        var height = ReadMetres(tags, "height", ref warning)
            ?? (ReadLevels(tags, "building:levels", ref warning) ?? ReadLevels(tags, "levels", ref warning)) * settings.StoreyHeight;
        if (height is null)
        {
            height = settings.DefaultLevels * settings.StoreyHeight;
            estimated = true;
        }

        var minHeight = ReadMetres(tags, "min_height", ref warning)
            ?? (ReadLevels(tags, "building:min_level", ref warning) ?? ReadLevels(tags, "min_level", ref warning)) * settings.StoreyHeight
            ?? 0;

        if (minHeight >= height.Value)
        {
            warning ??= $"min_height {Format(minHeight)} m is not below height {Format(height.Value)} m; bottom set to 0";
            minHeight = 0;
        }

        return new ResolvedHeight(height.Value, minHeight, estimated, warning);
    }

    private double? ReadMetres(IReadOnlyDictionary<string, string> tags, string key, ref string? warning)
    {
        if (!tags.TryGetValue(key, out var raw))
        {
            return null;
        }

        var text = raw.Trim();
        if (text.EndsWith('m'))
        {
            text = text[..^1].TrimEnd();
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var metres) || !double.IsFinite(metres))
        {
            warning ??= $"{key}=\"{raw}\" is not a number of metres; ignored";
            return null;
        }

        if (metres <= 0 || metres > settings.MaxHeight)
        {
            warning ??= $"{key}={Format(metres)} m is outside (0, {Format(settings.MaxHeight)}] m; ignored";
            return null;
        }

        return metres;
    }

    private double? ReadLevels(IReadOnlyDictionary<string, string> tags, string key, ref string? warning)
    {
        if (!tags.TryGetValue(key, out var raw))
        {
            return null;
        }

        if (!double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var levels) || !double.IsFinite(levels))
        {
            warning ??= $"{key}=\"{raw}\" is not a number of storeys; ignored";
            return null;
        }

        if (levels < 0 || levels * settings.StoreyHeight > settings.MaxHeight || (levels == 0 && key is "building:levels" or "levels"))
        {
            warning ??= $"{key}={Format(levels)} is outside the plausible range; ignored";
            return null;
        }

        return levels;
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
