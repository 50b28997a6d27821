using TwinCity.Silo.Scenarios.Analysis;

namespace TwinCity.Silo.Tests.Scenarios;

public sealed class TrafficAssignmentTests
{
    [Fact]
    public void Bpr_cost_is_free_flow_time_when_empty_and_115_percent_at_capacity()
    {
        Assert.Equal(60, LinkCost.Bpr(60, 0, 1000), 9);
        Assert.Equal(69, LinkCost.Bpr(60, 1000, 1000), 9);
        Assert.Equal(60 * (1 + (0.15 * 16)), LinkCost.Bpr(60, 2000, 1000), 9);
        Assert.True(double.IsPositiveInfinity(LinkCost.Bpr(60, 0, 0)));
    }

    // A(0) → B(1) → D(3) and A → C(2) → D. With β = 1 and α = 1 the routes cost 10 + x and 20 + 2y
    // seconds (x + y = 16): at equilibrium 10 + x = 20 + 2(16 − x), so x = 14, y = 2, both 24 s.
    [Fact]
    public void Four_node_network_reaches_the_equilibrium_computed_by_hand()
    {
        var result = TrafficAssignment.Assign(Diamond(), [new TripDemand(0, 3, 16)], Linear);

        Assert.InRange(result.Flows[0], 13.9, 14.1);
        Assert.InRange(result.Flows[2], 1.9, 2.1);
        Assert.InRange(result.MeanTripSeconds, 23.9, 24.1);
        Assert.Equal(0, result.UnroutedTripsPerHour);
    }

    [Fact]
    public void Closing_a_street_moves_all_traffic_to_the_other_route()
    {
        var network = Diamond();
        var closed = network with { Arcs = [.. network.Arcs.Select((a, i) => i == 1 ? a with { CapacityPerHour = 0 } : a)] };

        var result = TrafficAssignment.Assign(closed, [new TripDemand(0, 3, 16)], Linear);

        Assert.Equal(0, result.Flows[0]);
        Assert.Equal(16, result.Flows[2], 6);
        Assert.Equal(20 + 32, result.MeanTripSeconds, 6);
    }

    [Fact]
    public void One_way_streets_are_not_driven_against_their_direction()
    {
        // Only arcs A→B→D and A→C→D exist: D to A has no route.
        var result = TrafficAssignment.Assign(Diamond(), [new TripDemand(3, 0, 5)], Linear);

        Assert.Equal(5, result.UnroutedTripsPerHour);
        Assert.All(result.Flows, f => Assert.Equal(0, f));
    }

    private static readonly TrafficOptions Linear = new() { Alpha = 1, Beta = 1, MaxIterations = 200, GapTolerance = 1e-6 };

    // Free-flow 5 s arcs (36 km/h over 50 m) on the fast route and 10 s on the slow one, capacity 10.
    private static StreetNetwork Diamond() => new(
        [new("osm:node/1", 0, 0), new("osm:node/2", 50, 50), new("osm:node/3", 50, -50), new("osm:node/4", 100, 0)],
        [
            new("osm:way/1#0", 0, 1, 50, 36, 10),
            new("osm:way/1#1", 1, 3, 50, 36, 10),
            new("osm:way/2#0", 0, 2, 100, 36, 10),
            new("osm:way/2#1", 2, 3, 100, 36, 10),
        ]);
}
