using System.Diagnostics;
using System.Text.Json;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;
using Xunit.Abstractions;

namespace TwinCity.Importers.Tests.Osm;

/// <summary>
/// The PBF reader on the real Monaco extract, checked against the same buildings exported by osmium
/// and GDAL (<c>derived/monaco-buildings.geojson</c>), and on a 2014 file from another writer.
/// </summary>
public sealed class OsmPbfReaderTests(OsmPbfReaderTests.MonacoFixture monaco, ITestOutputHelper output) : IClassFixture<OsmPbfReaderTests.MonacoFixture>
{
    [Fact]
    public void Monaco_buildings_match_the_GDAL_derived_GeoJSON()
    {
        var ours = monaco.Read.Buildings.Select(b => b.Id).ToHashSet();

        Assert.Equal(monaco.Read.Buildings.Count, ours.Count);
        Assert.Empty(monaco.Reference.Keys.Except(ours).Order());
        Assert.Empty(ours.Except(monaco.Reference.Keys).Order());
    }

    [Fact]
    public void Every_building_carries_exactly_the_tags_of_the_GeoJSON()
    {
        foreach (var building in monaco.Read.Buildings)
        {
            var expected = monaco.Reference[building.Id].Tags;
            // osmium moves a multipolygon's tags to the area but drops type=multipolygon, which only says how to build it.
            var actual = building.Tags.Where(t => !(building.Id.StartsWith("osm:relation/", StringComparison.Ordinal) && t.Key == "type"));

            Assert.Equal(expected.OrderBy(t => t.Key, StringComparer.Ordinal), actual.OrderBy(t => t.Key, StringComparer.Ordinal));
        }

        Assert.Contains(monaco.Read.Buildings, b => b.Tags.ContainsKey("building:levels"));
        Assert.Contains(monaco.Read.Buildings, b => b.Tags.ContainsKey("name"));
    }

    [Fact]
    public void Footprint_areas_match_the_GeoJSON_within_one_percent()
    {
        foreach (var building in monaco.Read.Buildings)
        {
            var expected = monaco.Reference[building.Id].Area;

            Assert.True(Math.Abs(building.Footprint.Area - expected) <= expected * 0.01, $"{building.Id}: area {building.Footprint.Area:E4} deg², GeoJSON {expected:E4} deg²");
        }
    }

    [Fact]
    public void Multipolygon_relations_have_the_holes_the_GeoJSON_has()
    {
        var relations = monaco.Reference.Values.Where(r => r.Id.StartsWith("osm:relation/", StringComparison.Ordinal)).ToList();
        var ours = monaco.Read.Buildings.ToDictionary(b => b.Id);

        Assert.NotEmpty(relations);
        foreach (var reference in relations)
        {
            var polygons = ours[reference.Id].Footprint.Geometries.Cast<Polygon>().ToList();

            var expected = string.Join(",", reference.HolesPerPolygon.Order());
            var actual = string.Join(",", polygons.Select(p => p.NumInteriorRings).Order());

            Assert.True(expected == actual, $"{reference.Id}: holes per polygon {actual}, GeoJSON {expected}");
        }

        Assert.Contains(relations, r => r.HolesPerPolygon.Sum() > 0);
    }

    [Fact]
    public void Way_outlines_have_exactly_the_GeoJSON_vertices()
    {
        // Both come from OSM's 1e-7-degree fixed point, so the doubles must be identical, not just close.
        var repaired = monaco.Read.Repaired.Select(FeatureId).ToHashSet();
        var ways = monaco.Read.Buildings.Where(b => b.Id.StartsWith("osm:way/", StringComparison.Ordinal) && !repaired.Contains(b.Id)).ToList();

        Assert.NotEmpty(ways);
        foreach (var building in ways)
        {
            var vertices = building.Footprint.Coordinates.Select(c => (c.X, c.Y)).ToHashSet();

            Assert.True(vertices.SetEquals(monaco.Reference[building.Id].Vertices), $"{building.Id}: vertices differ from the GeoJSON");
        }
    }

    [Fact]
    public void Footprints_are_valid_with_counter_clockwise_shells_and_clockwise_holes()
    {
        foreach (var building in monaco.Read.Buildings)
        {
            Assert.True(building.Footprint.IsValid, $"{building.Id} is invalid");
            Assert.Equal(4326, building.Footprint.SRID);
            foreach (var polygon in building.Footprint.Geometries.Cast<Polygon>())
            {
                Assert.True(Orientation.IsCCW(polygon.Shell.CoordinateSequence), $"{building.Id}: shell is clockwise");
                Assert.All(polygon.Holes, hole => Assert.False(Orientation.IsCCW(hole.CoordinateSequence), $"{building.Id}: hole is counter-clockwise"));
            }
        }
    }

    [Fact]
    public void Features_left_out_or_repaired_are_reported_with_file_id_and_reason()
    {
        var ours = monaco.Read.Buildings.Select(b => b.Id).ToHashSet();

        Assert.All(monaco.Read.Skipped, s => Assert.Matches(@"^monaco-latest\.osm\.pbf osm:(way|relation)/\d+: \S", s));
        // What we skip, osmium could not assemble either (e.g. a relation whose member ways lie outside the extract).
        Assert.All(monaco.Read.Skipped, s => Assert.DoesNotContain(FeatureId(s), monaco.Reference.Keys));
        Assert.All(monaco.Read.Repaired, r => Assert.Matches(@"^monaco-latest\.osm\.pbf osm:(way|relation)/\d+: .*repaired", r));
        Assert.All(monaco.Read.Repaired, r => Assert.Contains(FeatureId(r), ours));
        output.WriteLine(string.Join(Environment.NewLine, monaco.Read.Skipped.Concat(monaco.Read.Repaired)));
    }

    [Fact]
    public void A_2014_file_from_another_writer_yields_its_building_ways()
    {
        var path = DataFolder.GetPath("osm/saint-barthelemy-2014.osm.pbf");

        var read = OsmPbfReader.Read(path);

        Assert.NotEmpty(read.Buildings);
        Assert.Empty(read.Skipped);
        Assert.All(read.Buildings, b => Assert.StartsWith("osm:", b.Id));
        Assert.Equal(BuildingWayIds(path), read.Buildings.Select(b => b.Id).Order());
        Assert.All(read.Buildings, b => Assert.InRange(b.Footprint.Centroid.X, -63.0, -62.7));
        Assert.All(read.Buildings, b => Assert.InRange(b.Footprint.Centroid.Y, 17.8, 18.0));
    }

    [Fact]
    public void Reading_Monaco_takes_well_under_a_second()
    {
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            OsmPbfReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var median = times.Order().ElementAt(1);
        output.WriteLine($"Monaco: {monaco.Read.Buildings.Count} buildings, first read {monaco.FirstReadMilliseconds:0} ms (with JIT), then median {median:0.0} ms of 3");
        Assert.True(median < 1000, $"reading Monaco took {median:0} ms");
    }

    /// <summary>The feature id in a "file id: reason" report.</summary>
    private static string FeatureId(string report) => report.Split(' ')[1].TrimEnd(':');

    /// <summary>Ids of the ways the decoder reports as tagged <c>building</c>, without the assembler.</summary>
    private static List<string> BuildingWayIds(string path)
    {
        var ids = new List<string>();
        using var stream = File.OpenRead(path);
        var blocks = new PbfBlobReader(stream, Path.GetFileName(path));
        var decoder = new PrimitiveBlockDecoder();
        var sink = new BuildingWaySink(ids);
        while (blocks.ReadNext() is { } block)
        {
            if (block.Type == "OSMData")
            {
                decoder.Decode(block.Data, sink);
            }
        }

        return [.. ids.Order()];
    }

    /// <summary>Reads Monaco once, and its buildings from the GeoJSON that osmium and GDAL derived from the same file.</summary>
    public sealed class MonacoFixture
    {
        public MonacoFixture()
        {
            var clock = Stopwatch.StartNew();
            Read = OsmPbfReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
            FirstReadMilliseconds = clock.Elapsed.TotalMilliseconds;
            using var json = JsonDocument.Parse(File.ReadAllBytes(DataFolder.GetPath("derived/monaco-buildings.geojson")));
            Reference = json.RootElement.GetProperty("features").EnumerateArray().Select(ReferenceBuilding.From).ToDictionary(b => b.Id);
        }

        public SourceReadResult Read { get; }

        public double FirstReadMilliseconds { get; }

        public Dictionary<string, ReferenceBuilding> Reference { get; }
    }

    /// <summary>A building of the GeoJSON: id, string tags, planar area in degrees², holes per polygon, and vertices.</summary>
    public sealed record ReferenceBuilding(string Id, Dictionary<string, string> Tags, double Area, int[] HolesPerPolygon, HashSet<(double X, double Y)> Vertices)
    {
        public static ReferenceBuilding From(JsonElement feature)
        {
            var properties = feature.GetProperty("properties");
            var id = $"osm:{properties.GetProperty("@type").GetString()}/{properties.GetProperty("@id").GetInt64()}";
            var tags = properties.EnumerateObject()
                .Where(p => !p.Name.StartsWith('@'))
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
            double area = 0;
            var holes = new List<int>();
            var vertices = new HashSet<(double X, double Y)>();
            foreach (var polygon in feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
            {
                var rings = polygon.EnumerateArray().Select(r => r.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToArray()).ToArray();
                area += Math.Abs(RingArea(rings[0])) - rings.Skip(1).Sum(r => Math.Abs(RingArea(r)));
                holes.Add(rings.Length - 1);
                vertices.UnionWith(rings.SelectMany(r => r));
            }

            return new ReferenceBuilding(id, tags, area, [.. holes], vertices);
        }

        private static double RingArea((double X, double Y)[] points)
        {
            double sum = 0;
            for (var i = 0; i + 1 < points.Length; i++)
            {
                sum += (points[i].X * points[i + 1].Y) - (points[i + 1].X * points[i].Y);
            }

            return sum / 2;
        }
    }

    private sealed class BuildingWaySink(List<string> ids) : IOsmSink
    {
        public void OnNode(long id, int longitudeE7, int latitudeE7)
        {
        }

        public void OnWay(long id, ReadOnlySpan<long> nodeIds, Dictionary<string, string>? buildingTags)
        {
            if (buildingTags is not null)
            {
                ids.Add($"osm:way/{id}");
            }
        }

        public void OnBuildingRelation(long id, Dictionary<string, string> tags, OsmMember[] members) => ids.Add($"osm:relation/{id}");
    }
}
