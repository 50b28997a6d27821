using System.Globalization;
using NetTopologySuite.Operation.Valid;
using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>Checks of an intervention against the city and the interventions before it.</summary>
public sealed partial class ScenarioBaseline
{
    /// <summary>Largest footprint a scenario may draw, m² (the largest buildings on Earth cover about 400,000 m²).</summary>
    public const double MaxFootprintArea = 500_000;

    /// <summary>How far outside the city's buildings a new footprint may be, metres.</summary>
    public const double MaxDistanceOutside = 2_000;

    /// <summary>Overlap with an existing building that still counts as touching (shared walls drawn by hand), m².</summary>
    public const double OverlapTolerance = 1;

    /// <summary>Why <paramref name="i"/> cannot follow <paramref name="earlier"/> on this city, or null when it can (shape rules first: <see cref="InterventionRules"/>).</summary>
    public string? Problem(Intervention i, IReadOnlyList<Intervention> earlier)
    {
        ArgumentNullException.ThrowIfNull(i);
        ArgumentNullException.ThrowIfNull(earlier);
        if (InterventionRules.Problem(i) is { } shape)
        {
            return shape;
        }

        var where = $"intervention {i.Kind} on {i.TargetId}";
        var edits = ScenarioEdits.Of(earlier);
        return i.Kind switch
        {
            "close-street" or "open-street" or "street-speed" or "street-lanes" when !HasStreet(i.TargetId) => $"{where}: no street segment '{i.TargetId}' in the city",
            "open-street" when !edits.Closed.Contains(i.TargetId) => $"{where}: street segment '{i.TargetId}' is not closed in this scenario",
            "cut-edge" or "restore-edge" when !HasUtilityEdge(i.TargetId) => $"{where}: no utility edge '{i.TargetId}' in the city",
            "restore-edge" when !edits.Cut.Contains(i.TargetId) => $"{where}: utility edge '{i.TargetId}' is not cut in this scenario",
            "building-height" or "remove-building" when !edits.HasBuilding(i.TargetId, HasBuilding) => $"{where}: no building '{i.TargetId}' in the city{(edits.Removed.Contains(i.TargetId) ? " (removed earlier in this scenario)" : "")}",
            "add-building" or "add-green-area" => FootprintProblem(where, i, edits),
            _ => null,
        };
    }

    private string? FootprintProblem(string where, Intervention i, ScenarioEdits edits)
    {
        if (HasBuilding(i.TargetId) || edits.Added.ContainsKey(i.TargetId) || edits.GreenAreas.ContainsKey(i.TargetId) || HasStreet(i.TargetId) || HasUtilityEdge(i.TargetId))
        {
            return $"{where}: id '{i.TargetId}' is already taken; give the new {(i.Kind == "add-building" ? "building" : "green area")} an id of its own";
        }

        var polygon = ToPolygon(ScenarioEdits.Ring(i.Footprint!));
        var validity = new IsValidOp(polygon).ValidationError;
        if (validity is not null)
        {
            return $"{where}: footprint is not a simple polygon: {validity.Message} at ({Format(validity.Coordinate.X)}, {Format(validity.Coordinate.Y)})";
        }

        if (polygon.Area > MaxFootprintArea)
        {
            return $"{where}: footprint area {Format(polygon.Area)} m² is above {Format(MaxFootprintArea)} m²";
        }

        if (!Extent.IsNull && Extent.Distance(polygon.EnvelopeInternal) > MaxDistanceOutside)
        {
            return $"{where}: footprint at ({Format(polygon.Centroid.X)}, {Format(polygon.Centroid.Y)}) is more than {Format(MaxDistanceOutside)} m outside the city (local frame, metres east and north of the origin)";
        }

        var replaced = new HashSet<string>(i.Replaces ?? [], StringComparer.Ordinal);
        foreach (var id in replaced)
        {
            if (!edits.HasBuilding(id, HasBuilding))
            {
                return $"{where}: replaces '{id}', which is not a building of the city or this scenario";
            }
        }

        foreach (var (id, other) in ScenarioPolygons(edits, polygon))
        {
            if (replaced.Contains(id))
            {
                continue;
            }

            var overlap = polygon.Intersection(other).Area;
            if (overlap > OverlapTolerance)
            {
                return $"{where}: footprint overlaps building '{id}' by {Format(overlap)} m²; list it in 'replaces' to replace it";
            }
        }

        return null;
    }

    // The scenario's buildings whose boxes meet the polygon's: baseline ones not removed, then added ones.
    private IEnumerable<(string Id, NetTopologySuite.Geometries.Polygon Polygon)> ScenarioPolygons(ScenarioEdits edits, NetTopologySuite.Geometries.Polygon near)
    {
        foreach (var id in _footprintIndex.Query(near.EnvelopeInternal))
        {
            if (!edits.Removed.Contains(id))
            {
                yield return (id, _polygons[id]);
            }
        }

        foreach (var added in edits.Added.Values)
        {
            var polygon = ToPolygon(added.Footprint);
            if (polygon.EnvelopeInternal.Intersects(near.EnvelopeInternal))
            {
                yield return (added.Id, polygon);
            }
        }
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
