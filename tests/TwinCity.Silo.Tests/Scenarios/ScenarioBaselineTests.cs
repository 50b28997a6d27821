using NetTopologySuite.Geometries;
using TwinCity.Models.Scenarios;
using TwinCity.Silo.Scenarios.Baseline;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class ScenarioBaselineTests
{
    private static readonly DateOnly Midsummer = new(2026, 6, 21);

    [Fact]
    public void A_scenario_without_interventions_changes_no_figure_and_no_entity()
    {
        var analysis = SmallCity.Prepare().Analyse("s", 1, [], Midsummer, null, DateTimeOffset.UnixEpoch);

        Assert.Empty(analysis.Differences);
        Assert.All(analysis.Kpis, k => Assert.Equal(k.Baseline, k.Scenario));
        Assert.True(Kpi(analysis, "mean_trip").Baseline > 0, "the three zones should send trips to each other");
    }

    [Fact]
    public void Closing_the_only_road_to_a_zone_leaves_its_trips_unrouted_and_empties_the_road()
    {
        var analysis = SmallCity.Prepare().Analyse("s", 1, [new Intervention("close-street", "s2", null, null)], Midsummer, null, DateTimeOffset.UnixEpoch);

        var (before, after) = Kpi(analysis, "unrouted_trips");
        Assert.Equal(0, before);
        Assert.True(after > 0, "zone C has no other road");
        var flow = Assert.Single(analysis.Differences, d => d.EntityId == "s2" && d.Metric == "traffic_flow");
        Assert.True(flow.Baseline > 0);
        Assert.Equal(0, flow.Scenario);
    }

    [Fact]
    public void Slowing_a_road_raises_its_travel_time_by_the_speed_ratio()
    {
        var analysis = SmallCity.Prepare().Analyse("s", 1, [new Intervention("street-speed", "s1", 10, null)], Midsummer, null, DateTimeOffset.UnixEpoch);

        var time = Assert.Single(analysis.Differences, d => d.EntityId == "s1" && d.Metric == "travel_time");
        // 200 m at the residential default of 30 km/h is 24 s free-flow; at 10 km/h, 72 s (plus the same congestion factor).
        Assert.Equal(3, time.Scenario / time.Baseline, 1);
    }

    [Fact]
    public void Cutting_the_power_line_beyond_p1_cuts_off_the_building_on_p2_only()
    {
        var analysis = SmallCity.Prepare().Analyse("s", 1, [new Intervention("cut-edge", "e2", null, null)], Midsummer, null, DateTimeOffset.UnixEpoch);

        Assert.Equal(new EntityDifference("b2", "supplied", 1, 0), Assert.Single(analysis.Differences, d => d.Metric == "supplied"));
        Assert.Equal((3, 2), Kpi(analysis, "buildings_supplied"));
        Assert.Equal((0, 1), Kpi(analysis, "affected_buildings"));
    }

    [Fact]
    public void Cutting_a_water_pipe_is_noted_as_not_analysed_for_lack_of_a_source()
    {
        var analysis = SmallCity.Prepare().Analyse("s", 1, [new Intervention("cut-edge", "w1", null, null)], Midsummer, null, DateTimeOffset.UnixEpoch);

        Assert.Contains(analysis.Notes, n => n.Contains("water network", StringComparison.Ordinal));
        Assert.DoesNotContain(analysis.Differences, d => d.Metric == "supplied");
    }

    [Fact]
    public void A_new_tower_shades_ground_at_midsummer_and_adds_trips_from_its_floors()
    {
        var tower = new Intervention("add-building", "tower", 90, SmallCity.Rectangle(100, 50, 130, 80));

        var analysis = SmallCity.Prepare().Analyse("s", 1, [tower], Midsummer, null, DateTimeOffset.UnixEpoch);

        Assert.True(Kpi(analysis, "ground_losing_sun").Scenario > 0);
        Assert.True(Kpi(analysis, "sunlit_ground").Scenario < Kpi(analysis, "sunlit_ground").Baseline);
        Assert.True(Kpi(analysis, "trips").Scenario > Kpi(analysis, "trips").Baseline);
        // 30 m × 30 m × 30 storeys of 3 m.
        Assert.Equal(900 * 30, Kpi(analysis, "floor_area").Scenario - Kpi(analysis, "floor_area").Baseline, 6);
        Assert.Equal(new EntityDifference("tower", "height", 0, 90), Assert.Single(analysis.Differences, d => d.Metric == "height"));
    }

    [Fact]
    public void A_200_m_tower_just_south_of_a_30_m_building_takes_sun_from_its_roof()
    {
        // b3's roof centre is 30 m north of the tower; at midsummer noon the sun is 70° up, so 170 m of extra height casts 62 m of shade.
        var tower = new Intervention("add-building", "tower", 200, SmallCity.Rectangle(180, 170, 220, 200));

        var analysis = SmallCity.Prepare().Analyse("s", 1, [tower], Midsummer, null, DateTimeOffset.UnixEpoch);

        var roof = Assert.Single(analysis.Differences, d => d.EntityId == "b3" && d.Metric == "roof_sun_hours");
        Assert.True(roof.Scenario < roof.Baseline, $"b3 roof: expected fewer than {roof.Baseline} h of sun, found {roof.Scenario}");
        Assert.Equal((0, 1), Kpi(analysis, "roofs_losing_sun"));
        Assert.Equal((0, 2), Kpi(analysis, "affected_buildings"));
    }

    [Fact]
    public void Interventions_on_ids_this_city_version_lacks_are_left_out_with_a_note()
    {
        Intervention[] interventions = [new("cut-edge", "gone-edge", null, null), new("close-street", "gone-street", null, null), new("street-speed", "s1", 10, null)];

        var analysis = SmallCity.Prepare().Analyse("s", 7, interventions, Midsummer, null, DateTimeOffset.UnixEpoch);

        Assert.Contains("intervention cut-edge on gone-edge: not in city version 7, left out", analysis.Notes);
        Assert.Contains("intervention close-street on gone-street: not in city version 7, left out", analysis.Notes);
        Assert.Contains(analysis.Differences, d => d.EntityId == "s1" && d.Metric == "travel_time");
    }

    [Theory]
    [InlineData("close-street", "nope", "no street segment 'nope'")]
    [InlineData("street-speed", "e1", "no street segment 'e1'")]
    [InlineData("cut-edge", "s1", "no utility edge 's1'")]
    [InlineData("restore-edge", "e1", "is not cut")]
    [InlineData("open-street", "s1", "is not closed")]
    [InlineData("remove-building", "nope", "no building 'nope'")]
    public void Intervention_on_an_unknown_or_wrong_id_names_it(string kind, string id, string reason)
    {
        var problem = SmallCity.Prepare().Problem(new Intervention(kind, id, 20, null), []);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { 100, 50, 130, 80, 130, 50, 100, 90 }, "not a simple polygon")]
    [InlineData(new double[] { -60, -10, -30, -10, -30, 10, -60, 10 }, "overlaps building 'b1' by 400 m²")]
    [InlineData(new double[] { 5000, 0, 5030, 0, 5030, 30, 5000, 30 }, "outside the city")]
    [InlineData(new double[] { 0, 0, 1000, 0, 1000, 1000, 0, 1000 }, "above 500000 m²")]
    public void Invalid_or_overlapping_footprint_is_refused_with_the_reason(double[] footprint, string reason)
    {
        var problem = SmallCity.Prepare().Problem(new Intervention("add-building", "new", 20, footprint), []);

        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_touching_outline_in_the_baseline_is_repaired_for_the_overlap_test()
    {
        var city = SmallCity.Data with { Buildings = [.. SmallCity.Data.Buildings, new BaselineBuilding("bow-tie", [300, 100, 340, 140, 340, 100, 300, 140], 10)] };

        var problem = new ScenarioBaseline(city, new GeometryFactory()).Problem(new Intervention("add-building", "new", 10, SmallCity.Rectangle(290, 95, 350, 145)), []);

        Assert.NotNull(problem);
        Assert.Contains("overlaps building 'bow-tie'", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_footprint_may_cover_a_building_it_replaces_and_that_building_is_then_gone()
    {
        var baseline = SmallCity.Prepare();
        var replacing = new Intervention("add-building", "new", 20, [-60, -10, -30, -10, -30, 10, -60, 10], ["b1"]);

        Assert.Null(baseline.Problem(replacing, []));
        Assert.Contains("removed earlier", baseline.Problem(new Intervention("remove-building", "b1", null, null), [replacing]), StringComparison.Ordinal);
        Assert.Contains("already taken", baseline.Problem(replacing with { TargetId = "b2", Replaces = null, Footprint = [0, 100, 20, 100, 20, 120, 0, 120] }, []), StringComparison.Ordinal);
        Assert.Contains("overlaps building 'new'", baseline.Problem(new Intervention("add-green-area", "park", null, [-50, -5, -40, -5, -40, 5, -50, 5]), [replacing]), StringComparison.Ordinal);
    }

    private static (double Baseline, double Scenario) Kpi(ScenarioAnalysis analysis, string id)
    {
        var row = Assert.Single(analysis.Kpis, k => k.Id == id);
        return (row.Baseline, row.Scenario);
    }
}
