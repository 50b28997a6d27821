namespace TwinCity.Importers.Tiles;

/// <summary>How buildings are grouped into tiles.</summary>
public sealed class TilingSettings
{
    /// <summary>Default for <see cref="TileSizeMeters"/>: 400 m, a few hundred buildings in a dense centre, one draw call each.</summary>
    public const double DefaultTileSizeMeters = 400;

    /// <summary>Edge of a square tile in metres. A building belongs to the tile holding its envelope's centre.</summary>
    public double TileSizeMeters { get; init; } = DefaultTileSizeMeters;

    /// <summary>Most buildings per tile: keeps one tile a modest download and its colour texture small.</summary>
    public int MaxFeaturesPerTile { get; init; } = ushort.MaxValue;
}
