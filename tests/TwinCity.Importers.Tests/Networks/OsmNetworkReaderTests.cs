using System.Diagnostics;
using TwinCity.Importers.Networks;
using TwinCity.Importers.Sources;
using Xunit.Abstractions;

namespace TwinCity.Importers.Tests.Networks;

/// <summary>The network reader on a second, older file, and against the clock.</summary>
public sealed class OsmNetworkReaderTests(MonacoNetworksFixture monaco, ITestOutputHelper output) : IClassFixture<MonacoNetworksFixture>
{
    private static readonly string MonacoPath = DataFolder.GetPath("osm/monaco-latest.osm.pbf");

    [Fact]
    public void A_2014_file_from_another_writer_yields_all_its_highway_ways()
    {
        var path = DataFolder.GetPath("osm/saint-barthelemy-2014.osm.pbf");
        var expected = PbfWayCensus.Ways(File.ReadAllBytes(path))
            .Where(w => w.Tags.ContainsKey("highway") && w.Tags.GetValueOrDefault("area") != "yes")
            .Select(w => $"osm:way/{w.Id}")
            .Order();

        var read = OsmNetworkReader.Read(path);

        Assert.Equal(expected, read.Streets.Segments.Select(s => s.WayId).Distinct().Order());
        Assert.Empty(read.Skipped);
        Assert.All(read.Streets.Nodes, n => Assert.InRange(n.Longitude, -63.1, -62.5));
        Assert.All(read.Streets.Nodes, n => Assert.InRange(n.Latitude, 17.6, 18.2));
        output.WriteLine($"Saint-Barthélemy: {read.Streets.Segments.Select(s => s.WayId).Distinct().Count()} highway ways, {read.Streets.Segments.Count} segments, {read.Streets.Segments.Sum(s => s.LengthMetres) / 1000:0.0} km");
    }

    [Fact]
    public void Reading_Monaco_s_networks_takes_well_under_a_second()
    {
        // The fixture's read has compiled the code already.
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            OsmNetworkReader.Read(MonacoPath);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var median = times.Order().ElementAt(times.Count / 2);
        output.WriteLine($"Monaco networks: first read {monaco.FirstReadMilliseconds:0} ms (with JIT), then median {median:0.0} ms of {times.Count} ({string.Join(", ", times.Select(t => t.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))})");
        Assert.True(median < 1000, $"reading Monaco's networks took {median:0} ms");
    }
}
