using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Osm;

/// <summary>The buildings of an OSM file and what could not be used.</summary>
/// <param name="Buildings">Closed ways and multipolygon relations tagged <c>building</c>, in file order.</param>
/// <param name="Skipped">Buildings that could not be built, each "file id: reason".</param>
/// <param name="Repaired">Buildings whose invalid footprint was repaired, each "file id: what".</param>
/// <param name="MinLon">West edge of the buildings, in degrees.</param>
/// <param name="MinLat">South edge.</param>
/// <param name="MaxLon">East edge.</param>
/// <param name="MaxLat">North edge.</param>
public sealed record OsmBuildingReadResult(
    IReadOnlyList<SourceBuilding> Buildings,
    IReadOnlyList<string> Skipped,
    IReadOnlyList<string> Repaired,
    double MinLon,
    double MinLat,
    double MaxLon,
    double MaxLat);
