using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>One tile to write: its buildings in feature-index order and the extent of their footprints.</summary>
/// <param name="Id">
/// Tile id, <c>{level}_{column}_{row}</c> of its square in the quadtree (level 0 is the root; column and
/// row count squares of that level from the south-west corner), with <c>_{part}</c> appended to the
/// second and later parts of an over-full smallest square. Safe in URLs and blob names.
/// </param>
/// <param name="Buildings">The buildings; a building's position in this list is its feature index.</param>
/// <param name="Bounds">Envelope of the footprints in the local frame.</param>
/// <param name="MaxHeight">Tallest building top, in metres.</param>
public sealed record TilePlan(string Id, IReadOnlyList<ImportedBuilding> Buildings, Envelope Bounds, double MaxHeight);
