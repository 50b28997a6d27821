using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>One tile to write: its buildings in feature-index order and the extent of their footprints.</summary>
/// <param name="Id">Tile id, <c>{column}_{row}</c> on the grid, safe in URLs and blob names.</param>
/// <param name="Buildings">The buildings; a building's position in this list is its feature index.</param>
/// <param name="Bounds">Envelope of the footprints in the local frame.</param>
/// <param name="MaxHeight">Tallest building top, in metres.</param>
public sealed record TilePlan(string Id, IReadOnlyList<ImportedBuilding> Buildings, Envelope Bounds, double MaxHeight);
