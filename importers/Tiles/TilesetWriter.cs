using System.Text.Json;
using NetTopologySuite.Geometries;
using TwinCity.Importers.Geodesy;

namespace TwinCity.Importers.Tiles;

/// <summary>
/// Writes a 3D Tiles 1.1 <c>tileset.json</c>: a root holding the ENU→ECEF transform of the city frame,
/// with one child per tile whose content is the tile's GLB. Boxes are in the root's z-up frame.
/// </summary>
public static class TilesetWriter
{
    /// <summary>The tileset JSON for <paramref name="tiles"/>, whose GLBs are at <paramref name="contentOf"/>(tile) relative to it.</summary>
    public static byte[] Write(LocalFrame frame, IReadOnlyList<TilePlan> tiles, Func<TilePlan, string> contentOf)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(contentOf);

        var all = new Envelope();
        var maxHeight = 0.0;
        foreach (var tile in tiles)
        {
            all.ExpandToInclude(tile.Bounds);
            maxHeight = Math.Max(maxHeight, tile.MaxHeight);
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("asset");
            json.WriteString("version", "1.1");
            json.WriteString("generator", "TwinCity importers");
            json.WriteEndObject();
            json.WriteNumber("geometricError", GeometricError(all));
            json.WriteStartObject("root");
            WriteNumbers(json, "transform", frame.EnuToEcefMatrix());
            WriteBox(json, all, maxHeight);
            json.WriteNumber("geometricError", GeometricError(all));
            json.WriteString("refine", "ADD");
            json.WriteStartArray("children");
            foreach (var tile in tiles)
            {
                json.WriteStartObject();
                WriteBox(json, tile.Bounds, tile.MaxHeight);
                json.WriteNumber("geometricError", 0);
                json.WriteStartObject("content");
                json.WriteString("uri", contentOf(tile));
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
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
