using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class KpiSummaryTests
{
    [Fact]
    public void Summary_counts_each_affected_building_once_and_subtracts_baseline_travel_time()
    {
        var baseline = new TrafficResult([], [], 100, 0, 1, 0);
        var scenario = new TrafficResult([], [], 130, 5, 1, 0);
        var shadow = new ShadowResult(5, 10, 100, 90, 50, 0, 250);
        var supply = new SupplyResult(["osm:way/1", "osm:way/2"], 0);

        var kpi = KpiSummary.From(baseline, scenario, shadow, supply, ["osm:way/2", "osm:way/3"]);

        Assert.Equal(new KpiSummary(3, 30, 250, 5), kpi);
    }
}
