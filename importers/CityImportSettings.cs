using TwinCity.Importers.Buildings;
using TwinCity.Importers.Tiles;
using TwinCity.Models.Entities;

namespace TwinCity.Importers;

/// <summary>Everything an import can be told, in one object rather than many optional parameters.</summary>
public sealed class CityImportSettings
{
    /// <summary>How building heights are resolved from source attributes.</summary>
    public HeightSettings Heights { get; init; } = new();

    /// <summary>How buildings are grouped into tiles.</summary>
    public TilingSettings Tiling { get; init; } = new();

    /// <summary>Anchor of the local frame; null to use the centre of the data.</summary>
    public GeoOrigin? Origin { get; init; }

    /// <summary>GeoPackage layer to read; null for the only one, or "buildings".</summary>
    public string? Layer { get; init; }

    /// <summary>CRS for files that carry none (a shapefile without .prj), e.g. <c>EPSG:32632</c>.</summary>
    public string? Crs { get; init; }

    /// <summary>Where a glTF model stands (glTF has no georeference); required for .glb/.gltf.</summary>
    public Sources.LandmarkPlacement? Placement { get; init; }

    /// <summary>Licence of the data (SPDX id or name); null to infer it (OpenStreetMap) or flag it as unspecified.</summary>
    public string? Licence { get; init; }

    /// <summary>Attribution line the licence asks for.</summary>
    public string? Attribution { get; init; }

    /// <summary>Receives progress (a CLI progress bar, an upload's status); null for none.</summary>
    public IProgress<ImportProgress>? Progress { get; init; }

    /// <summary>A copy of these settings reporting to <paramref name="progress"/>.</summary>
    public CityImportSettings With(IProgress<ImportProgress> progress) => new()
    {
        Heights = Heights,
        Tiling = Tiling,
        Origin = Origin,
        Layer = Layer,
        Crs = Crs,
        Licence = Licence,
        Attribution = Attribution,
        Placement = Placement,
        Progress = progress,
    };
}
