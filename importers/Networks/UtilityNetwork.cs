namespace TwinCity.Importers.Networks;

/// <summary>
/// The utility networks of an OpenStreetMap file: power lines and cables and pipelines, split at
/// every node two of them share, and the power substations. Lines of different kinds sharing a
/// node share that <see cref="UtilityNode"/>: filter edges by <see cref="UtilityEdge.Kind"/> before
/// asking what a network reaches.
/// </summary>
/// <param name="Nodes">Junctions and line ends, each once, in order of first use.</param>
/// <param name="Edges">The edges, way by way in file order, each way's from its first node.</param>
/// <param name="Substations">Substations mapped as nodes, then those mapped as ways, in file order.</param>
public sealed record UtilityNetwork(IReadOnlyList<UtilityNode> Nodes, IReadOnlyList<UtilityEdge> Edges, IReadOnlyList<Substation> Substations);
