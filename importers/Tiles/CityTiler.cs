using System.Globalization;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Groups buildings into a square grid in the local frame. A flat grid of fixed-size tiles keeps every
/// tile one draw call and gives live updates a natural unit (one tile grain per tile); the quadtree
/// with levels of detail comes with the streaming viewer.
/// </summary>
public sealed class CityTiler(TilingSettings settings)
{
    /// <summary>Plans the tiles for <paramref name="buildings"/>, in a stable order (row, then column).</summary>
    public IReadOnlyList<TilePlan> Plan(IReadOnlyList<ImportedBuilding> buildings)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        if (buildings.Count == 0)
        {
            return [];
        }

        var size = settings.TileSizeMeters;
        var cells = new Dictionary<(int Column, int Row), List<ImportedBuilding>>();
        foreach (var building in buildings)
        {
            var centre = building.Footprint.EnvelopeInternal.Centre;
            var key = ((int)Math.Floor(centre.X / size), (int)Math.Floor(centre.Y / size));
            if (!cells.TryGetValue(key, out var list))
            {
                cells[key] = list = [];
            }

            list.Add(building);
        }

        var minColumn = cells.Keys.Min(k => k.Column);
        var minRow = cells.Keys.Min(k => k.Row);
        var plans = new List<TilePlan>(cells.Count);
        foreach (var ((column, row), list) in cells.OrderBy(c => c.Key.Row).ThenBy(c => c.Key.Column))
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{column - minColumn}_{row - minRow}");
            for (var part = 0; part * settings.MaxFeaturesPerTile < list.Count; part++)
            {
                var slice = list.Skip(part * settings.MaxFeaturesPerTile).Take(settings.MaxFeaturesPerTile).ToArray();
                plans.Add(CreatePlan(part == 0 ? id : $"{id}_{part}", slice));
            }
        }

        return plans;
    }

    private static TilePlan CreatePlan(string id, IReadOnlyList<ImportedBuilding> buildings)
    {
        var bounds = new Envelope();
        var maxHeight = 0.0;
        foreach (var building in buildings)
        {
            bounds.ExpandToInclude(building.Footprint.EnvelopeInternal);
            maxHeight = Math.Max(maxHeight, building.Top);
        }

        return new TilePlan(id, buildings, bounds, maxHeight);
    }
}
