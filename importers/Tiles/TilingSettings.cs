namespace TwinCity.Importers.Tiles;

/// <summary>How buildings are grouped into tiles.</summary>
public sealed class TilingSettings
{
    /// <summary>Default for <see cref="TileSizeMeters"/>: 400 m, a few hundred buildings in a dense centre.</summary>
    public const double DefaultTileSizeMeters = 400;

    /// <summary>
    /// Default for <see cref="SplitAboveFeatures"/>: 2,000 buildings, a tile of about a megabyte. Every
    /// tile costs a file, a GLB header and a draw call, so a city is best cut into few, full tiles.
    /// </summary>
    public const int DefaultSplitAboveFeatures = 2_000;

    /// <summary>
    /// Edge in metres of the smallest tile: the cells of the grid the quadtree is built on. A building
    /// belongs to the cell holding its envelope's centre.
    /// </summary>
    public double TileSizeMeters { get; init; } = DefaultTileSizeMeters;

    /// <summary>
    /// A square holding more buildings than this is split into four, down to <see cref="TileSizeMeters"/>:
    /// dense districts get small tiles and sparse ones large tiles.
    /// </summary>
    public int SplitAboveFeatures { get; init; } = DefaultSplitAboveFeatures;

    /// <summary>Default for <see cref="LodFeaturesPerNode"/>: an eighth of a full tile, light enough to load first.</summary>
    public const int DefaultLodFeaturesPerNode = 250;

    /// <summary>
    /// How many of a split square's most prominent buildings (tallest or widest, <see cref="CityTiler.Size"/>)
    /// it keeps as its own content, drawn by a zoomed-out viewer before it opens the quarters; 0 for
    /// content only in the leaves.
    /// </summary>
    public int LodFeaturesPerNode { get; init; } = DefaultLodFeaturesPerNode;

    /// <summary>Most buildings per tile (feature ids are 16-bit): a smallest square holding more is cut into parts.</summary>
    public int MaxFeaturesPerTile { get; init; } = ushort.MaxValue;
}
