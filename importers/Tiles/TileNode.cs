using NetTopologySuite.Geometries;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// A square of the tiling quadtree: either a tile with content (a leaf) or up to four smaller squares,
/// empty ones left out. The tileset mirrors this tree.
/// </summary>
/// <param name="Bounds">Envelope of the footprints below this node, in the local frame.</param>
/// <param name="MaxHeight">Tallest building top below this node, in metres.</param>
/// <param name="Children">The non-empty quarters (or, for an over-full smallest square, its parts); empty for a leaf.</param>
/// <param name="Content">The tile of a leaf; null for an inner node.</param>
public sealed record TileNode(Envelope Bounds, double MaxHeight, IReadOnlyList<TileNode> Children, TilePlan? Content);

/// <summary>The tiling of a city: the quadtree, and its tiles in depth-first order (the order they are written and listed in).</summary>
/// <param name="Root">The quadtree's root.</param>
/// <param name="Tiles">Every leaf's tile, depth first, children south-west, south-east, north-west, north-east.</param>
public sealed record TileTree(TileNode Root, IReadOnlyList<TilePlan> Tiles);
