using NetTopologySuite.Geometries;
using TwinCity.Importers.Buildings;
using TwinCity.Importers.Tiles;

namespace TwinCity.Importers.Tests.Tiles;

/// <summary>The quantised GLB encoding on a mesh whose vertices are known exactly.</summary>
public sealed class TileGlbWriterTests
{
    [Fact]
    public void A_known_vertex_lands_within_half_a_quantisation_step_after_dequantisation()
    {
        // A 600 m wide tile far from the city origin: the step is 600 / 65534 m, about 9 mm.
        var mesh = new MeshGeometry();
        mesh.Reset(12_000f, 20f, -7_000f);
        var a = mesh.AddVertex(11_700.123, 0, -7_300.456, 0);
        var b = mesh.AddVertex(12_300.987, 0, -6_700.001, 0);
        var c = mesh.AddVertex(12_011.111, 41.777, -7_022.222, 1);
        mesh.AddTriangle(a, b, c);
        var plan = new TilePlan("0_0_0", [Building("osm:way/1", 10), Building("osm:way/2", 41.777)], new Envelope(11_700, 12_301, -7_301, -6_700), 41.777);

        var glb = new GlbReader([.. TileGlbWriter.Write(plan, mesh)]);
        var positions = glb.ReadPositions();

        var step = TileGlbWriter.QuantizationStep(12_300.987 - 11_700.123);
        Assert.InRange(step, 0.008, 0.01);
        double[][] expected = [[11_700.123, 0, 7_300.456], [12_300.987, 0, 6_700.001], [12_011.111, 41.777, 7_022.222]]; // glTF z = −north
        for (var v = 0; v < 3; v++)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                // Half a step, plus float32 rounding of the dequantised value ~12 km out (≤ 1 mm).
                Assert.InRange(positions[(v * 3) + axis] - expected[v][axis], -(step / 2) - 0.001, (step / 2) + 0.001);
            }
        }

        Assert.Equal([0, 0, 1], glb.ReadFeatureIds());
    }

    [Fact]
    public void Positions_are_int16_with_KHR_mesh_quantization_and_feature_ids_are_unsigned_short()
    {
        var mesh = new MeshGeometry();
        mesh.Reset(0, 0, 0);
        mesh.AddTriangle(mesh.AddVertex(0, 0, 0, 0), mesh.AddVertex(10, 0, 0, 0), mesh.AddVertex(0, 5, 10, 0));
        var plan = new TilePlan("0_0_0", [Building("osm:way/1", 5)], new Envelope(0, 10, 0, 10), 5);

        var glb = new GlbReader([.. TileGlbWriter.Write(plan, mesh)]);

        var attributes = glb.Primitive.GetProperty("attributes");
        var accessors = glb.Json.GetProperty("accessors");
        Assert.Equal(5122, accessors[attributes.GetProperty("POSITION").GetInt32()].GetProperty("componentType").GetInt32());
        Assert.Equal(5123, accessors[attributes.GetProperty("_FEATURE_ID_0").GetInt32()].GetProperty("componentType").GetInt32());
        Assert.Equal(5123, accessors[glb.Primitive.GetProperty("indices").GetInt32()].GetProperty("componentType").GetInt32());
        Assert.Contains("KHR_mesh_quantization", glb.Json.GetProperty("extensionsRequired").EnumerateArray().Select(e => e.GetString()));
    }

    private static ImportedBuilding Building(string id, double height) =>
        new(id, null!, new ResolvedHeight(height, 0, false, null), new Dictionary<string, string>());
}
