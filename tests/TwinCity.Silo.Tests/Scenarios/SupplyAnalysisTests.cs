using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class SupplyAnalysisTests
{
    // S — a — b — c, with a loop a — d — c; building X on b, Y on c, Z on an isolated node e.
    private static readonly SupplyNetwork Network = new(
        [new("e1", "S", "a"), new("e2", "a", "b"), new("e3", "b", "c"), new("e4", "a", "d"), new("e5", "d", "c")],
        ["S"],
        new Dictionary<string, string> { ["X"] = "b", ["Y"] = "c", ["Z"] = "e" });

    [Fact]
    public void Cutting_a_bridge_edge_cuts_every_building_behind_it()
    {
        var result = SupplyAnalysis.Cut(Network, new HashSet<string> { "e1" });

        Assert.Equal(["X", "Y"], result.LostSupply);
        Assert.Equal(1, result.UnsuppliedBefore);
    }

    [Fact]
    public void Cutting_one_edge_of_a_loop_loses_no_building()
    {
        Assert.Empty(SupplyAnalysis.Cut(Network, new HashSet<string> { "e2" }).LostSupply);
    }

    [Fact]
    public void Cutting_both_ways_round_a_node_isolates_only_that_node()
    {
        Assert.Equal(["X"], SupplyAnalysis.Cut(Network, new HashSet<string> { "e2", "e3" }).LostSupply);
    }
}
