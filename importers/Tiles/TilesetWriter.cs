using System.Text.Json;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Writes a 3D Tiles 1.1 <c>tileset.json</c> mirroring the tiling quadtree: a root holding the ENU→ECEF
/// transform of the city frame and <c>refine: ADD</c>, inner nodes with their most prominent buildings
/// as content (the coarse level of detail), and leaves with the rest. Boxes are in the root's z-up
/// frame; a node's geometric error is the size of the biggest building it leaves to its descendants
/// (<see cref="TileNode.GeometricError"/>), 0 at the leaves, so it never grows downward.
/// </summary>
public static class TilesetWriter
{
    /// <summary>The tileset JSON for the tree under <paramref name="root"/>, whose GLBs are at <paramref name="contentOf"/>(tile) relative to it.</summary>
    public static byte[] Write(LocalFrame frame, TileNode root, Func<TilePlan, string> contentOf)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(contentOf);

        // A city of one tile: keep the root a content-less node over its tiles, as for any other city.
        var top = root.Children.Count > 0 || root.Content is null ? root : new TileNode(root.Bounds, root.MaxHeight, [root], null, root.Content.Buildings.Max(CityTiler.Size));
        // Not drawing the tileset at all misses its biggest building.
        var error = Math.Max(top.GeometricError, top.Content is null ? 0 : top.Content.Buildings.Max(CityTiler.Size));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("asset");
            json.WriteString("version", "1.1");
            json.WriteString("generator", "TwinCity importers");
            json.WriteEndObject();
            json.WriteNumber("geometricError", Round(error));
            json.WriteStartObject("root");
            WriteNumbers(json, "transform", frame.EnuToEcefMatrix());
            WriteBox(json, top.Bounds, top.MaxHeight);
            json.WriteNumber("geometricError", Round(top.GeometricError));
            json.WriteString("refine", "ADD");
            WriteContent(json, top, contentOf);
            WriteChildren(json, top, contentOf);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteChildren(Utf8JsonWriter json, TileNode node, Func<TilePlan, string> contentOf)
    {
        if (node.Children.Count == 0)
        {
            return;
        }

        json.WriteStartArray("children");
        foreach (var child in node.Children)
        {
            json.WriteStartObject();
            WriteBox(json, child.Bounds, child.MaxHeight);
            json.WriteNumber("geometricError", Round(child.GeometricError));
            WriteContent(json, child, contentOf);
            WriteChildren(json, child, contentOf);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteContent(Utf8JsonWriter json, TileNode node, Func<TilePlan, string> contentOf)
    {
        if (node.Content is not null)
        {
            json.WriteStartObject("content");
            json.WriteString("uri", contentOf(node.Content));
            json.WriteEndObject();
        }
    }

    /// <summary>Up to the next decimetre: rounding never lowers an error below the size it stands for, and a parent's size is never below its child's.</summary>
    private static double Round(double error) => Math.Ceiling(error * 10) / 10;

    private static void WriteBox(Utf8JsonWriter json, Envelope bounds, double maxHeight)
    {
        json.WriteStartObject("boundingVolume");
        var halfZ = Math.Max(maxHeight, 1) / 2;
        WriteNumbers(json, "box",
        [
            bounds.Centre.X, bounds.Centre.Y, halfZ,
            Math.Max(bounds.Width / 2, 0.5), 0, 0,
            0, Math.Max(bounds.Height / 2, 0.5), 0,
            0, 0, halfZ,
        ]);
        json.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(Math.Round(value, 6));
        }

        json.WriteEndArray();
    }
}
