using System.Text.Json;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Osm;

/// <summary>The PBF reader on the real Monaco extract, checked against the same buildings exported by GDAL/osmium.</summary>
public sealed class OsmPbfReaderTests : IClassFixture<OsmPbfReaderTests.Monaco>
{
    private readonly Monaco _monaco;

    public OsmPbfReaderTests(Monaco monaco) => _monaco = monaco;

    [Fact]
    public void Monaco_buildings_are_the_same_set_as_in_the_GDAL_derived_GeoJSON()
    {
        var ours = _monaco.Read.Buildings.Select(b => b.Id).ToHashSet();

        Assert.Empty(_monaco.Reference.Keys.Except(ours));
        Assert.Empty(ours.Except(_monaco.Reference.Keys));
        // What we skip, osmium could not assemble either (e.g. a relation whose member ways lie outside the extract).
        Assert.All(_monaco.Read.Skipped, s => Assert.DoesNotContain(s.Split(' ')[1], _monaco.Reference.Keys));
        Assert.All(_monaco.Read.Skipped, s => Assert.Contains(": ", s));
    }

    [Fact]
    public void Tags_are_kept_verbatim()
    {
        foreach (var building in _monaco.Read.Buildings)
        {
            var reference = _monaco.Reference[building.Id];
            foreach (var key in new[] { "building", "name", "building:levels", "height" })
            {
                Assert.Equal(reference.Tags.GetValueOrDefault(key), building.Tags.GetValueOrDefault(key));
            }
        }
    }

    [Fact]
    public void Footprints_match_the_reference_area_and_holes()
    {
        foreach (var building in _monaco.Read.Buildings)
        {
            var reference = _monaco.Reference[building.Id];
            Assert.Equal(reference.Area, building.Footprint.Area, reference.Area * 0.01);
            Assert.Equal(reference.Holes, building.Footprint.Geometries.Cast<Polygon>().Sum(p => p.NumInteriorRings));
        }

        Assert.Contains(_monaco.Read.Buildings, b => b.Id.StartsWith("osm:relation/", StringComparison.Ordinal) && b.Footprint.Geometries.Cast<Polygon>().Any(p => p.NumInteriorRings > 0));
    }

    [Fact]
    public void A_second_independently_written_file_reads_too()
    {
        var read = OsmPbfReader.Read(DataFolder.GetPath("osm/saint-barthelemy-2014.osm.pbf"));

        Assert.NotEmpty(read.Buildings);
        Assert.All(read.Buildings, b => Assert.StartsWith("osm:way/", b.Id));
        Assert.All(read.Buildings, b => Assert.InRange(b.Footprint.Centroid.X, -63.1, -62.5));
    }

    /// <summary>Reads Monaco once, and its buildings from the GeoJSON that osmium and GDAL derived from the same file.</summary>
    public sealed class Monaco
    {
        public Monaco()
        {
            Read = OsmPbfReader.Read(DataFolder.GetPath("osm/monaco-latest.osm.pbf"));
            using var json = JsonDocument.Parse(File.ReadAllBytes(DataFolder.GetPath("derived/monaco-buildings.geojson")));
            Reference = json.RootElement.GetProperty("features").EnumerateArray().Select(ReferenceBuilding.From).ToDictionary(b => b.Id);
        }

        public SourceReadResult Read { get; }

        public Dictionary<string, ReferenceBuilding> Reference { get; }
    }

    /// <summary>A building of the GeoJSON: its id, string tags, planar area in degrees² and hole count.</summary>
    public sealed record ReferenceBuilding(string Id, Dictionary<string, string> Tags, double Area, int Holes)
    {
        public static ReferenceBuilding From(JsonElement feature)
        {
            var properties = feature.GetProperty("properties");
            var id = $"osm:{properties.GetProperty("@type").GetString()}/{properties.GetProperty("@id").GetInt64()}";
            var tags = properties.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.String && !p.Name.StartsWith('@'))
                .ToDictionary(p => p.Name, p => p.Value.GetString()!);
            double area = 0;
            var holes = 0;
            foreach (var polygon in feature.GetProperty("geometry").GetProperty("coordinates").EnumerateArray())
            {
                var rings = polygon.EnumerateArray().ToArray();
                area += Math.Abs(RingArea(rings[0]));
                foreach (var hole in rings.Skip(1))
                {
                    area -= Math.Abs(RingArea(hole));
                    holes++;
                }
            }

            return new ReferenceBuilding(id, tags, area, holes);
        }

        private static double RingArea(JsonElement ring)
        {
            var points = ring.EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToArray();
            double sum = 0;
            for (var i = 0; i + 1 < points.Length; i++)
            {
                sum += (points[i].X * points[i + 1].Y) - (points[i + 1].X * points[i].Y);
            }

            return sum / 2;
        }
    }
}
