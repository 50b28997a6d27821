using System.Text.Json;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Writes a 3D Tiles 1.1 <c>tileset.json</c> mirroring the tiling quadtree: a root holding the ENU→ECEF
/// transform of the city frame, inner nodes without content, and a leaf per tile whose content is the
/// tile's GLB. Boxes are in the root's z-up frame; geometric error halves with the squares and is 0 at
/// the leaves (they hold the full detail), so it never grows downward.
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
        var top = root.Content is null ? root : new TileNode(root.Bounds, root.MaxHeight, [root], null);
        var error = GeometricError(top.Bounds);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("asset");
            json.WriteString("version", "1.1");
            json.WriteString("generator", "TwinCity importers");
            json.WriteEndObject();
            json.WriteNumber("geometricError", error);
            json.WriteStartObject("root");
            WriteNumbers(json, "transform", frame.EnuToEcefMatrix());
            WriteBox(json, top.Bounds, top.MaxHeight);
            json.WriteNumber("geometricError", error);
            json.WriteString("refine", "ADD");
            WriteChildren(json, top, error, contentOf);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteChildren(Utf8JsonWriter json, TileNode node, double parentError, Func<TilePlan, string> contentOf)
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
            var error = child.Content is null ? Math.Min(parentError, GeometricError(child.Bounds)) : 0;
            json.WriteNumber("geometricError", error);
            if (child.Content is not null)
            {
                json.WriteStartObject("content");
                json.WriteString("uri", contentOf(child.Content));
                json.WriteEndObject();
            }

            WriteChildren(json, child, error, contentOf);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A rough screen-space error budget: half the extent, so clients open the tiles once the city is a few pixels wide.</summary>
    private static double GeometricError(Envelope envelope) =>
        envelope.IsNull ? 0 : Math.Round(Math.Max(envelope.Width, envelope.Height) / 2, 1);

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
