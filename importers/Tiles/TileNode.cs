using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// A square of the tiling quadtree: a tile with content (a leaf), or up to four smaller squares (empty
/// ones left out) with, as a coarse level of detail, the square's most prominent buildings as its own
/// content (3D Tiles <c>refine: ADD</c>). Every building is in exactly one node's content. The tileset
/// mirrors this tree.
/// </summary>
/// <param name="Bounds">Envelope of the footprints below this node, in the local frame.</param>
/// <param name="MaxHeight">Tallest building top below this node, in metres.</param>
/// <param name="Children">The non-empty quarters (or, for an over-full smallest square, its parts); empty for a leaf.</param>
/// <param name="Content">The node's own tile: a leaf's buildings, an inner node's most prominent ones; null for an inner node without its own buildings.</param>
/// <param name="GeometricError">
/// Metres: the size (<see cref="CityTiler.Size"/>) of the largest building below this node that its own
/// content does not draw; 0 for a leaf. It never grows downward, since a child's buildings are a subset of its parent's.
/// </param>
public sealed record TileNode(Envelope Bounds, double MaxHeight, IReadOnlyList<TileNode> Children, TilePlan? Content, double GeometricError = 0);

/// <summary>The tiling of a city: the quadtree, and its tiles in depth-first order (the order they are written and listed in).</summary>
/// <param name="Root">The quadtree's root.</param>
/// <param name="Tiles">Every node's tile, depth first (a node's own tile before its children's), children south-west, south-east, north-west, north-east.</param>
public sealed record TileTree(TileNode Root, IReadOnlyList<TilePlan> Tiles);
