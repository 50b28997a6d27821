using TwinCity.Importers.Networks;
using Xunit.Abstractions;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// Monaco's street graph against the highways osmium exported from the same file
/// (<c>derived/monaco-highways.geojson</c>: every <c>highway</c> way but <c>area=yes</c>).
/// </summary>
public sealed class StreetGraphTests(MonacoNetworksFixture monaco, ITestOutputHelper output) : IClassFixture<MonacoNetworksFixture>
{
    private StreetGraph Streets => monaco.Read.Streets;

    [Fact]
    public void The_graph_holds_exactly_the_highway_ways_of_the_GeoJSON()
    {
        var ours = Streets.Segments.Select(s => s.WayId).ToHashSet();

        Assert.Empty(monaco.Highways.Keys.Except(ours).Order());
        Assert.Empty(ours.Except(monaco.Highways.Keys).Order());
        Assert.Empty(monaco.Read.Skipped);
    }

    [Fact]
    public void Segment_ids_number_each_way_s_pieces_from_zero_in_order()
    {
        foreach (var way in Streets.Segments.GroupBy(s => s.WayId))
        {
            Assert.Equal(way.Select((_, i) => $"{way.Key}#{i}"), way.Select(s => s.Id));
        }

        Assert.Equal(Streets.Segments.Count, Streets.Segments.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public void Splitting_neither_loses_nor_duplicates_geometry()
    {
        foreach (var way in Streets.Segments.GroupBy(s => s.WayId))
        {
            var reference = monaco.Highways[way.Key].Line;
            var pieces = way.ToList();
            var joined = pieces.SelectMany((s, i) => s.Geometry.Coordinates.Skip(i == 0 ? 0 : 1)).ToArray();

            Assert.Equal(reference.Coordinates, joined);
            Assert.Equal(EllipsoidLength.Metres(reference), pieces.Sum(s => s.LengthMetres), 6);
            Assert.All(pieces, s => Assert.Equal(EllipsoidLength.Metres(s.Geometry), s.LengthMetres));
        }

        var total = monaco.Highways.Values.Sum(h => EllipsoidLength.Metres(h.Line));
        Assert.Equal(total, Streets.Segments.Sum(s => s.LengthMetres), total * 1e-9);
        output.WriteLine($"{Streets.Segments.Count} segments, {Streets.Nodes.Count} nodes, {total / 1000:0.000} km of highway ways");
    }

    [Fact]
    public void Motor_vehicle_segments_are_as_long_as_the_motor_vehicle_ways_of_the_GeoJSON()
    {
        var ways = monaco.Highways.Values.Where(h => HighwayTags.IsMotorVehicle(h.Tags["highway"])).ToList();
        var expected = ways.Sum(h => EllipsoidLength.Metres(h.Line));

        var actual = Streets.Segments.Where(s => s.IsMotorVehicle).Sum(s => s.LengthMetres);

        Assert.InRange(actual, expected * 0.99, expected * 1.01);
        output.WriteLine($"motor-vehicle: {ways.Count} ways, {expected / 1000:0.000} km in the GeoJSON, {actual / 1000:0.000} km of segments");
    }

    [Fact]
    public void Motor_vehicle_classes_are_the_ones_the_data_README_counts()
    {
        // README §2: "the motor-vehicle ways (primary … service, links, living_street)".
        string[] motor = ["primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified", "residential", "service", "living_street"];
        string[] other = ["footway", "steps", "pedestrian", "path", "raceway", "platform", "corridor", "construction", "elevator", "cycleway"];

        Assert.All(motor, c => Assert.True(HighwayTags.IsMotorVehicle(c), c));
        Assert.All(other, c => Assert.False(HighwayTags.IsMotorVehicle(c), c));
        Assert.Empty(monaco.Highways.Values.Select(h => h.Tags["highway"]).Distinct().Except(motor).Except(other));
    }

    [Fact]
    public void Every_segment_ends_at_graph_nodes_placed_where_its_geometry_ends()
    {
        var nodes = Streets.Nodes.ToDictionary(n => n.Id);

        Assert.Equal(Streets.Nodes.Count, nodes.Count);
        foreach (var segment in Streets.Segments)
        {
            var from = nodes[segment.FromNodeId];
            var to = nodes[segment.ToNodeId];
            var line = segment.Geometry.CoordinateSequence;

            Assert.Equal((line.GetX(0), line.GetY(0)), (from.Longitude, from.Latitude));
            Assert.Equal((line.GetX(line.Count - 1), line.GetY(line.Count - 1)), (to.Longitude, to.Latitude));
        }

        Assert.Equal(nodes.Keys.Order(), Streets.Segments.SelectMany(s => new[] { s.FromNodeId, s.ToNodeId }).Distinct().Order());
    }

    [Fact]
    public void No_segment_passes_through_a_point_another_highway_way_uses()
    {
        var waysAt = new Dictionary<(double, double), HashSet<string>>();
        foreach (var way in monaco.Highways.Values)
        {
            foreach (var c in way.Line.Coordinates)
            {
                (waysAt.TryGetValue((c.X, c.Y), out var ids) ? ids : waysAt[(c.X, c.Y)] = []).Add(way.Id);
            }
        }

        var shared = waysAt.Values.Count(w => w.Count > 1);
        foreach (var segment in Streets.Segments)
        {
            var line = segment.Geometry.CoordinateSequence;
            for (var i = 1; i < line.Count - 1; i++)
            {
                Assert.True(waysAt[(line.GetX(i), line.GetY(i))].Count == 1, $"{segment.Id} passes through vertex {i}, shared with {string.Join(", ", waysAt[(line.GetX(i), line.GetY(i))])}");
            }
        }

        Assert.True(Streets.Nodes.Count >= shared, $"{Streets.Nodes.Count} nodes, but {shared} points are shared by ways");
    }

    [Fact]
    public void The_largest_connected_part_of_the_motor_vehicle_graph_holds_over_90_percent_of_its_length()
    {
        var motor = Streets.Segments.Where(s => s.IsMotorVehicle).ToList();
        var parent = new Dictionary<string, string>();

        foreach (var segment in motor)
        {
            parent[Root(segment.FromNodeId)] = Root(segment.ToNodeId);
        }

        var lengths = motor.GroupBy(s => Root(s.FromNodeId)).Select(c => c.Sum(s => s.LengthMetres)).OrderDescending().ToList();
        var share = lengths[0] / lengths.Sum();
        Assert.True(share > 0.9, $"the largest component holds {share:P1} of the motor-vehicle length");
        output.WriteLine($"{lengths.Count} components; the largest holds {share:P2} of {lengths.Sum() / 1000:0.0} km");

        // Union-find with path halving, over node ids (weak connectivity: one-way streets count both ways).
        string Root(string node)
        {
            while (parent.TryGetValue(node, out var up) && up != node)
            {
                var grand = parent.GetValueOrDefault(up, up);
                parent[node] = grand;
                node = grand;
            }

            return node;
        }
    }
}
