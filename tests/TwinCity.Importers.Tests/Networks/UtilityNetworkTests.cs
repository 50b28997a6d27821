using NetTopologySuite.Geometries;
using TwinCity.Importers.Networks;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// Monaco's utility networks against <c>derived/monaco-utility-lines.geojson</c> (power cables and
/// gas pipelines) and <c>derived/monaco-substations.geojson</c>, exported by osmium from the same file.
/// </summary>
public sealed class UtilityNetworkTests(MonacoNetworksFixture monaco) : IClassFixture<MonacoNetworksFixture>
{
    private UtilityNetwork Utilities => monaco.Read.Utilities;

    [Fact]
    public void Edges_come_from_exactly_the_utility_lines_of_the_GeoJSON()
    {
        var ours = Utilities.Edges.Select(e => e.WayId).ToHashSet();

        Assert.Equal(monaco.UtilityLines.Keys.Order(), ours.Order());
    }

    [Fact]
    public void Each_line_s_edges_are_as_long_as_the_line_and_carry_its_kind_and_tags()
    {
        foreach (var line in Utilities.Edges.GroupBy(e => e.WayId))
        {
            var reference = monaco.UtilityLines[line.Key];
            var expected = EllipsoidLength.Metres(reference.Line);
            var kind = reference.Tags.ContainsKey("power") ? "power" : reference.Tags["substance"];

            Assert.InRange(line.Sum(e => e.LengthMetres), expected * 0.99, expected * 1.01);
            Assert.All(line, e => Assert.Equal(kind, e.Kind));
            Assert.All(line, e => Assert.Equal(reference.Tags.GetValueOrDefault("voltage"), e.Voltage));
            Assert.All(line, e => Assert.Equal(reference.Tags.GetValueOrDefault("operator"), e.Operator));
            Assert.All(line, e => Assert.Equal(reference.Tags.GetValueOrDefault("location"), e.Location));
            Assert.All(line, e => Assert.Equal(reference.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), e.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)));
        }
    }

    [Fact]
    public void Total_power_and_gas_lengths_match_the_GeoJSON()
    {
        foreach (var kind in monaco.UtilityLines.Values.GroupBy(l => l.Tags.ContainsKey("power") ? "power" : l.Tags["substance"]))
        {
            var expected = kind.Sum(l => EllipsoidLength.Metres(l.Line));

            var actual = Utilities.Edges.Where(e => e.Kind == kind.Key).Sum(e => e.LengthMetres);

            Assert.InRange(actual, expected * 0.99, expected * 1.01);
        }

        Assert.Contains(Utilities.Edges, e => e.Kind == "power");
        Assert.Contains(Utilities.Edges, e => e.Kind == "gas");
    }

    [Fact]
    public void Edges_end_at_network_nodes_where_their_geometry_ends()
    {
        var nodes = Utilities.Nodes.ToDictionary(n => n.Id);

        foreach (var edge in Utilities.Edges)
        {
            var line = edge.Geometry.CoordinateSequence;
            Assert.Equal((line.GetX(0), line.GetY(0)), (nodes[edge.FromNodeId].Longitude, nodes[edge.FromNodeId].Latitude));
            Assert.Equal((line.GetX(line.Count - 1), line.GetY(line.Count - 1)), (nodes[edge.ToNodeId].Longitude, nodes[edge.ToNodeId].Latitude));
            Assert.Matches(@"^osm:way/\d+#\d+$", edge.Id);
        }
    }

    [Fact]
    public void Substations_are_the_GeoJSON_s_points_and_outline_centroids()
    {
        Assert.Equal(monaco.Substations.Keys.Order(), Utilities.Substations.Select(s => s.Id).Order());
        foreach (var substation in Utilities.Substations)
        {
            var reference = monaco.Substations[substation.Id];
            var centre = reference.Geometry.Centroid;

            Assert.Equal(centre.X, substation.Longitude, 9);
            Assert.Equal(centre.Y, substation.Latitude, 9);
            Assert.Equal(reference.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), substation.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
            if (reference.Geometry is MultiPolygon outline)
            {
                Assert.NotNull(substation.Outline);
                Assert.Equal(outline.Area, substation.Outline.Area, 15);
            }
            else
            {
                Assert.Null(substation.Outline);
            }
        }
    }
}
