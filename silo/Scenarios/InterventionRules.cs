using TwinCity.Models.Scenarios;

namespace TwinCity.Silo.Scenarios;

/// <summary>Checks an intervention on its own; the grain checks it against the city.</summary>
public static class InterventionRules
{
    /// <summary>Tallest building a scenario may add or raise to (the tallest on Earth is 828 m).</summary>
    public const double MaxHeight = 1000;

    /// <summary>Most points a drawn footprint may have.</summary>
    public const int MaxFootprintPoints = 1000;

    /// <summary>The kinds the scenario understands.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal)
    {
        "close-street", "open-street", "street-speed", "street-lanes", "add-building", "building-height",
        "remove-building", "add-green-area", "cut-edge", "restore-edge", "sensor-threshold",
    };

    /// <summary>The reason <paramref name="i"/> is invalid, or null when it is valid.</summary>
    public static string? Problem(Intervention i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var where = $"intervention {i.Kind} on {i.TargetId}";
        if (!Kinds.Contains(i.Kind))
        {
            return $"{where}: unknown kind; expected one of {string.Join(", ", Kinds)}";
        }

        if (string.IsNullOrWhiteSpace(i.TargetId))
        {
            return $"{where}: target id is empty";
        }

        return i.Kind switch
        {
            "add-building" or "building-height" when i.Value is not (> 0 and <= MaxHeight) => $"{where}: height {i.Value} m is not in (0, {MaxHeight}]",
            "street-speed" when i.Value is not (> 0 and <= 200) => $"{where}: speed {i.Value} km/h is not in (0, 200]",
            "street-lanes" when i.Value is not (>= 1 and <= 10) || i.Value % 1 != 0 => $"{where}: lanes {i.Value} is not a whole number in [1, 10]",
            "add-building" or "add-green-area" => FootprintProblem(where, i.Footprint),
            _ => null,
        };
    }

    private static string? FootprintProblem(string where, IReadOnlyList<double>? xy)
    {
        if (xy is null || xy.Count < 6 || xy.Count % 2 != 0)
        {
            return $"{where}: footprint needs at least 3 points as x, y pairs, found {xy?.Count ?? 0} numbers";
        }

        if (xy.Count > 2 * MaxFootprintPoints)
        {
            return $"{where}: footprint has {xy.Count / 2} points, at most {MaxFootprintPoints}";
        }

        if (xy.Any(v => !double.IsFinite(v)))
        {
            return $"{where}: footprint has a coordinate that is not a finite number";
        }

        var area = 0.0;
        var n = xy.Count / 2;
        for (var k = 0; k < n; k++)
        {
            var j = (k + 1) % n;
            area += (xy[2 * k] * xy[(2 * j) + 1]) - (xy[2 * j] * xy[(2 * k) + 1]);
        }

        return Math.Abs(area / 2) < 1 ? $"{where}: footprint area {Math.Abs(area / 2):0.##} m² is below 1 m²" : null;
    }
}
