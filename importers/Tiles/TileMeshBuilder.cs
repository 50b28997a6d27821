using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate.Polygon;
using TwinCity.Importers.Buildings;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Turns a tile's buildings into one GLB: every building extruded from its footprint (flat roof
/// triangulated by NTS's ear-clipping PolygonTriangulator, holes included (faster than its constrained
/// Delaunay one, and a flat roof does not care about sliver triangles); walls; a floor only when
/// it floats), merged into a single primitive whose <c>_FEATURE_ID_0</c> attribute holds the
/// building's feature index. One primitive per tile is one draw call in the viewer, however many
/// buildings it holds. <see cref="TileGlbWriter"/> encodes the result.
/// </summary>
/// <remarks>
/// Coordinates follow glTF's y-up convention: glTF (x, y, z) = (east, up, −north) in the city frame,
/// which 3D Tiles clients rotate back to z-up before applying the tileset's ENU→ECEF transform.
/// </remarks>
public static class TileMeshBuilder
{
    /// <summary>Builds the GLB for <paramref name="tile"/>; a building's feature index is its position in <see cref="TilePlan.Buildings"/>.</summary>
    public static TileMesh Build(TilePlan tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var geometry = new MeshGeometry();
        var problems = new List<string>();
        for (var feature = 0; feature < tile.Buildings.Count; feature++)
        {
            var building = tile.Buildings[feature];
            if (building.Surfaces is not null)
            {
                var skipped = SurfaceMesher.Add(geometry, building.Surfaces, (ushort)feature);
                if (skipped > 0)
                {
                    problems.Add($"tile {tile.Id} feature {feature} ({building.Id}): {skipped} of {building.Surfaces.Count} surfaces could not be triangulated");
                }

                continue;
            }

            foreach (var polygon in building.Footprint.Geometries.Cast<Polygon>())
            {
                var problem = Extrude(geometry, polygon, building.Height, (ushort)feature);
                if (problem is not null)
                {
                    problems.Add($"tile {tile.Id} feature {feature} ({building.Id}): {problem}");
                }
            }
        }

        var glb = TileGlbWriter.Write(tile, geometry);
        return new TileMesh(glb, geometry.VertexCount, geometry.Indices.Count / 3, problems);
    }

    private static string? Extrude(MeshGeometry mesh, Polygon footprint, ResolvedHeight height, ushort feature)
    {
        var top = height.Height;
        var bottom = height.MinHeight;
        var topIndex = new Dictionary<(double, double), int>();
        var bottomIndex = new Dictionary<(double, double), int>();
        AddRing(mesh, Oriented(footprint.ExteriorRing, counterClockwise: true), bottom, top, feature, topIndex, bottomIndex);
        foreach (var hole in footprint.InteriorRings)
        {
            AddRing(mesh, Oriented(hole, counterClockwise: false), bottom, top, feature, topIndex, bottomIndex);
        }

        Geometry triangles;
        try
        {
            triangles = PolygonTriangulator.Triangulate(footprint);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TopologyException)
        {
            return $"roof not triangulated: {ex.Message}";
        }

        for (var i = 0; i < triangles.NumGeometries; i++)
        {
            var ring = ((Polygon)triangles.GetGeometryN(i)).ExteriorRing.CoordinateSequence;
            var (b, c) = Orientation.IsCCW(ring) ? (1, 2) : (2, 1);
            mesh.AddTriangle(Vertex(mesh, ring, 0, top, feature, topIndex), Vertex(mesh, ring, b, top, feature, topIndex), Vertex(mesh, ring, c, top, feature, topIndex));
            if (bottom > 0)
            {
                // Raised buildings (canopies, bridges) are seen from below.
                mesh.AddTriangle(Vertex(mesh, ring, 0, bottom, feature, bottomIndex), Vertex(mesh, ring, c, bottom, feature, bottomIndex), Vertex(mesh, ring, b, bottom, feature, bottomIndex));
            }
        }

        return null;
    }

    /// <summary>
    /// A bottom and a top vertex per ring point, and a quad per edge. With shells counter-clockwise
    /// and holes clockwise, outside is always on the right, so every wall faces out.
    /// </summary>
    private static void AddRing(MeshGeometry mesh, CoordinateSequence ring, double bottom, double top, ushort feature,
        Dictionary<(double, double), int> topIndex, Dictionary<(double, double), int> bottomIndex)
    {
        var count = ring.Count - 1; // a ring repeats its first point
        for (var i = 0; i < count; i++)
        {
            var next = i + 1 == count ? 0 : i + 1;
            var b0 = Vertex(mesh, ring, i, bottom, feature, bottomIndex);
            var b1 = Vertex(mesh, ring, next, bottom, feature, bottomIndex);
            if (b0 == b1)
            {
                continue; // a repeated point: no wall
            }

            var t0 = Vertex(mesh, ring, i, top, feature, topIndex);
            var t1 = Vertex(mesh, ring, next, top, feature, topIndex);
            mesh.AddTriangle(b0, b1, t1);
            mesh.AddTriangle(b0, t1, t0);
        }
    }

    /// <summary>The vertex at a footprint point and height, shared by every face of the building that uses it.</summary>
    private static int Vertex(MeshGeometry mesh, CoordinateSequence ring, int i, double up, ushort feature, Dictionary<(double, double), int> index)
    {
        var key = (ring.GetX(i), ring.GetY(i));
        if (!index.TryGetValue(key, out var vertex))
        {
            vertex = mesh.AddVertex(key.Item1, up, key.Item2, feature);
            index[key] = vertex;
        }

        return vertex;
    }

    private static CoordinateSequence Oriented(LineString ring, bool counterClockwise)
    {
        var sequence = ring.CoordinateSequence;
        if (Orientation.IsCCW(sequence) == counterClockwise)
        {
            return sequence;
        }

        var reversed = sequence.Copy();
        CoordinateSequences.Reverse(reversed);
        return reversed;
    }
}
