using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Networks;

/// <summary>A way cut between two network nodes: the <paramref name="Index"/>-th piece of <paramref name="Way"/>.</summary>
internal sealed record WayPiece(OsmWay Way, int Index, long FromNode, long ToNode, LineString Geometry, double LengthMetres);
