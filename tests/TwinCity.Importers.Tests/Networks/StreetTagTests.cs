using System.Globalization;
using TwinCity.Importers.Networks;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>
/// Monaco's segments carry what the tags of the same ways in <c>derived/monaco-highways.geojson</c>
/// say: name, class, direction of travel, speed limit, lanes, and every tag verbatim.
/// </summary>
public sealed class StreetTagTests(MonacoNetworksFixture monaco) : IClassFixture<MonacoNetworksFixture>
{
    private IEnumerable<(ReferenceFeature Way, List<StreetSegment> Segments)> Ways =>
        monaco.Read.Streets.Segments.GroupBy(s => s.WayId).Select(g => (monaco.Highways[g.Key], g.ToList()));

    [Fact]
    public void Every_segment_carries_its_way_s_tags_class_and_name()
    {
        foreach (var (way, segments) in Ways)
        {
            Assert.All(segments, s => Assert.Equal(way.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), s.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)));
            Assert.All(segments, s => Assert.Equal(way.Tags["highway"], s.Highway));
            Assert.All(segments, s => Assert.Equal(way.Tags.GetValueOrDefault("name"), s.Name));
        }
    }

    [Fact]
    public void Direction_of_travel_follows_the_oneway_tag_and_roundabouts()
    {
        var tagged = 0;
        foreach (var (way, segments) in Ways)
        {
            tagged += way.Tags.ContainsKey("oneway") ? 1 : 0;
            var expected = way.Tags.GetValueOrDefault("oneway") switch
            {
                "yes" or "true" or "1" => Oneway.Forward,
                "-1" => Oneway.Backward,
                "no" => Oneway.No,
                _ when way.Tags.GetValueOrDefault("junction") == "roundabout" || way.Tags["highway"] == "motorway" => Oneway.Forward,
                _ => Oneway.No,
            };

            Assert.All(segments, s => Assert.Equal(expected, s.Oneway));
        }

        var ours = monaco.Read.Streets.Segments.Where(s => s.Tags.ContainsKey("oneway")).Select(s => s.WayId).Distinct().Count();
        Assert.Equal(tagged, ours);
        Assert.Contains(monaco.Read.Streets.Segments, s => s.Oneway == Oneway.Backward);
        Assert.Contains(monaco.Read.Streets.Segments, s => s.Oneway == Oneway.Forward && !s.Tags.ContainsKey("oneway"));
    }

    [Fact]
    public void Speed_limits_and_lanes_are_the_numbers_the_tags_hold()
    {
        int withSpeed = 0, withLanes = 0;
        foreach (var (way, segments) in Ways)
        {
            double? speed = double.TryParse(way.Tags.GetValueOrDefault("maxspeed"), NumberStyles.None, CultureInfo.InvariantCulture, out var kmh) ? kmh : null;
            int? lanes = int.TryParse(way.Tags.GetValueOrDefault("lanes"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
            withSpeed += speed is null ? 0 : 1;
            withLanes += lanes is null ? 0 : 1;

            Assert.All(segments, s => Assert.Equal(speed, s.MaxSpeedKmh));
            Assert.All(segments, s => Assert.Equal(lanes, s.Lanes));
            Assert.All(segments, s => Assert.Equal(way.Tags.GetValueOrDefault("maxspeed"), s.MaxSpeedTag));
        }

        Assert.Equal(monaco.Highways.Values.Count(h => h.Tags.ContainsKey("maxspeed")), withSpeed);
        Assert.Equal(monaco.Highways.Values.Count(h => h.Tags.ContainsKey("lanes")), withLanes);
    }
}
