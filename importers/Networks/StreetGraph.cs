namespace TwinCity.Importers.Networks;

/// <summary>
/// The street network of an OpenStreetMap file: every way tagged <c>highway</c> except areas
/// (<c>area=yes</c>, e.g. pedestrian squares), split at every node it shares with another highway
/// way, so segments meet only at <see cref="Nodes"/>.
/// </summary>
/// <param name="Nodes">Intersections and way ends, each once, in order of first use.</param>
/// <param name="Segments">The segments, way by way in file order, each way's from its first node.</param>
public sealed record StreetGraph(IReadOnlyList<StreetNode> Nodes, IReadOnlyList<StreetSegment> Segments);
