using TwinCity.Importers.Buildings;
using TwinCity.Importers.Tiles;

namespace TwinCity.Importers;

/// <summary>Everything an import can be told, in one object rather than many optional parameters.</summary>
public sealed class CityImportSettings
{
    /// <summary>How building heights are resolved from source attributes.</summary>
    public HeightSettings Heights { get; init; } = new();

    /// <summary>How buildings are grouped into tiles.</summary>
    public TilingSettings Tiling { get; init; } = new();
}
