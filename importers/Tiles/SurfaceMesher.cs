using NetTopologySuite.Geometries;
using NetTopologySuite.Triangulate.Polygon;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Triangulates a modelled building's planar 3D surfaces (CityJSON roofs, walls, ground): each polygon
/// is projected onto the axis plane it faces most, triangulated there by NTS's PolygonTriangulator
/// (holes included), and lifted back, each triangle wound to face where the surface faces.
/// </summary>
internal static class SurfaceMesher
{
    /// <summary>Adds the surfaces to the mesh; returns how many could not be triangulated.</summary>
    public static int Add(MeshGeometry mesh, IReadOnlyList<Polygon> surfaces, ushort feature)
    {
        var vertices = new Dictionary<(double, double, double), int>();
        var skipped = 0;
        foreach (var surface in surfaces)
        {
            if (!AddSurface(mesh, surface, feature, vertices))
            {
                skipped++;
            }
        }

        return skipped;
    }

    private static bool AddSurface(MeshGeometry mesh, Polygon surface, ushort feature, Dictionary<(double, double, double), int> vertices)
    {
        var normal = Newell(surface.Shell.Coordinates);
        var drop = Math.Abs(normal.X) >= Math.Abs(normal.Y) && Math.Abs(normal.X) >= Math.Abs(normal.Z) ? 0
            : Math.Abs(normal.Y) >= Math.Abs(normal.Z) ? 1 : 2;
        var lift = new Dictionary<(double, double), Coordinate>();
        LinearRing Project(LineString ring) => surface.Factory.CreateLinearRing([.. ring.Coordinates.Select(c =>
        {
            var (u, v) = drop switch { 0 => (c.Y, c.Z), 1 => (c.X, c.Z), _ => (c.X, c.Y) };
            lift.TryAdd((u, v), c);
            return new Coordinate(u, v);
        })]);

        Geometry triangles;
        try
        {
            var flat = surface.Factory.CreatePolygon(Project(surface.Shell), [.. surface.Holes.Select(Project)]);
            triangles = PolygonTriangulator.Triangulate(flat);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or TopologyException)
        {
            return false;
        }

        for (var i = 0; i < triangles.NumGeometries; i++)
        {
            var corners = ((Polygon)triangles.GetGeometryN(i)).Shell.Coordinates;
            if (!lift.TryGetValue((corners[0].X, corners[0].Y), out var a) || !lift.TryGetValue((corners[1].X, corners[1].Y), out var b)
                || !lift.TryGetValue((corners[2].X, corners[2].Y), out var c))
            {
                continue;
            }

            var facing = Cross(Sub(b, a), Sub(c, a));
            if ((facing.X * normal.X) + (facing.Y * normal.Y) + (facing.Z * normal.Z) < 0)
            {
                (b, c) = (c, b);
            }

            mesh.AddTriangle(Vertex(mesh, a, feature, vertices), Vertex(mesh, b, feature, vertices), Vertex(mesh, c, feature, vertices));
        }

        return true;
    }

    private static int Vertex(MeshGeometry mesh, Coordinate c, ushort feature, Dictionary<(double, double, double), int> vertices)
    {
        var key = (c.X, c.Y, c.Z);
        if (!vertices.TryGetValue(key, out var index))
        {
            index = mesh.AddVertex(c.X, c.Z, c.Y, feature);
            vertices[key] = index;
        }

        return index;
    }

    /// <summary>Newell's method: the normal of a planar polygon, robust to collinear points.</summary>
    private static (double X, double Y, double Z) Newell(Coordinate[] ring)
    {
        double x = 0, y = 0, z = 0;
        for (var i = 0; i + 1 < ring.Length; i++)
        {
            var (p, q) = (ring[i], ring[i + 1]);
            x += (p.Y - q.Y) * (p.Z + q.Z);
            y += (p.Z - q.Z) * (p.X + q.X);
            z += (p.X - q.X) * (p.Y + q.Y);
        }

        return (x, y, z);
    }

    private static (double X, double Y, double Z) Sub(Coordinate p, Coordinate q) => (p.X - q.X, p.Y - q.Y, p.Z - q.Z);

    private static (double X, double Y, double Z) Cross((double X, double Y, double Z) u, (double X, double Y, double Z) v) =>
        ((u.Y * v.Z) - (u.Z * v.Y), (u.Z * v.X) - (u.X * v.Z), (u.X * v.Y) - (u.Y * v.X));
}
