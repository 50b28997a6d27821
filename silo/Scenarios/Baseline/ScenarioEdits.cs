using TwinCity.Models.Scenarios;
using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Scenarios.Baseline;

/// <summary>A scenario's interventions folded, in order, into what they change (later ones override earlier ones).</summary>
public sealed class ScenarioEdits
{
    /// <summary>Closed street segments.</summary>
    public HashSet<string> Closed { get; } = new(StringComparer.Ordinal);

    /// <summary>New speed limits, km/h, by segment.</summary>
    public Dictionary<string, double> Speeds { get; } = new(StringComparer.Ordinal);

    /// <summary>New lane counts (both directions), by segment.</summary>
    public Dictionary<string, int> Lanes { get; } = new(StringComparer.Ordinal);

    /// <summary>New heights of baseline buildings.</summary>
    public Dictionary<string, double> Heights { get; } = new(StringComparer.Ordinal);

    /// <summary>Baseline buildings removed (directly, or replaced by a new footprint).</summary>
    public HashSet<string> Removed { get; } = new(StringComparer.Ordinal);

    /// <summary>Buildings the scenario adds, by id, with their footprint and height.</summary>
    public Dictionary<string, BuildingFootprint> Added { get; } = new(StringComparer.Ordinal);

    /// <summary>Green areas the scenario adds: id and outline.</summary>
    public Dictionary<string, IReadOnlyList<PlanePoint>> GreenAreas { get; } = new(StringComparer.Ordinal);

    /// <summary>Cut utility edges.</summary>
    public HashSet<string> Cut { get; } = new(StringComparer.Ordinal);

    /// <summary>Sensor thresholds changed, by sensor id (no analysis uses them).</summary>
    public Dictionary<string, double> Thresholds { get; } = new(StringComparer.Ordinal);

    /// <summary>Whether any street is closed or has another speed or lane count.</summary>
    public bool ChangesStreets => Closed.Count > 0 || Speeds.Count > 0 || Lanes.Count > 0;

    /// <summary>Buildings added, removed or with another height: what shadows and trip demand depend on.</summary>
    public IReadOnlySet<string> ChangedBuildings => new HashSet<string>(Heights.Keys.Concat(Removed).Concat(Added.Keys), StringComparer.Ordinal);

    /// <summary>Folds <paramref name="interventions"/> in order.</summary>
    public static ScenarioEdits Of(IEnumerable<Intervention> interventions)
    {
        ArgumentNullException.ThrowIfNull(interventions);
        var edits = new ScenarioEdits();
        foreach (var i in interventions)
        {
            edits.Apply(i);
        }

        return edits;
    }

    /// <summary>Whether <paramref name="id"/> is a building of the scenario (baseline and not removed, or added).</summary>
    public bool HasBuilding(string id, Func<string, bool> inBaseline) => Added.ContainsKey(id) || (inBaseline(id) && !Removed.Contains(id));

    /// <summary>The outline of an intervention's footprint as points.</summary>
    public static PlanePoint[] Ring(IReadOnlyList<double> xy)
    {
        ArgumentNullException.ThrowIfNull(xy);
        var ring = new PlanePoint[xy.Count / 2];
        for (var k = 0; k < ring.Length; k++)
        {
            ring[k] = new PlanePoint(xy[2 * k], xy[(2 * k) + 1]);
        }

        return ring;
    }

    /// <summary>Gross floor area of a prism: footprint × storeys of <see cref="StoreyHeight"/> (at least one).</summary>
    public static double FloorArea(double footprintArea, double height) => footprintArea * Math.Max(1, Math.Round(height / StoreyHeight));

    /// <summary>Storey height used to turn heights into floor area, metres (the importers' default).</summary>
    public const double StoreyHeight = 3;

    /// <summary>Unsigned area of a ring (shoelace).</summary>
    public static double Area(IReadOnlyList<PlanePoint> ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var sum = 0.0;
        for (var k = 0; k < ring.Count; k++)
        {
            var (a, b) = (ring[k], ring[(k + 1) % ring.Count]);
            sum += (a.X * b.Y) - (b.X * a.Y);
        }

        return Math.Abs(sum / 2);
    }

    private void Apply(Intervention i)
    {
        var id = i.TargetId;
        switch (i.Kind)
        {
            case "close-street":
                Closed.Add(id);
                break;
            case "open-street":
                Closed.Remove(id);
                break;
            case "street-speed":
                Speeds[id] = i.Value ?? 0;
                break;
            case "street-lanes":
                Lanes[id] = (int)(i.Value ?? 1);
                break;
            case "add-building":
                Replace(i.Replaces);
                var ring = Ring(i.Footprint ?? []);
                var height = i.Value ?? 0;
                Added[id] = new BuildingFootprint(id, ring, height, FloorArea(Area(ring), height));
                break;
            case "building-height" when Added.TryGetValue(id, out var added):
                Added[id] = added with { Height = i.Value ?? added.Height, FloorArea = FloorArea(Area(added.Footprint), i.Value ?? added.Height) };
                break;
            case "building-height":
                Heights[id] = i.Value ?? 0;
                break;
            case "remove-building":
                Remove(id);
                break;
            case "add-green-area":
                Replace(i.Replaces);
                GreenAreas[id] = Ring(i.Footprint ?? []);
                break;
            case "cut-edge":
                Cut.Add(id);
                break;
            case "restore-edge":
                Cut.Remove(id);
                break;
            case "sensor-threshold":
                Thresholds[id] = i.Value ?? 0;
                break;
            default:
                break;
        }
    }

    private void Replace(IReadOnlyList<string>? replaced)
    {
        foreach (var id in replaced ?? [])
        {
            Remove(id);
        }
    }

    private void Remove(string id)
    {
        if (!Added.Remove(id))
        {
            Removed.Add(id);
            Heights.Remove(id);
        }
    }
}
