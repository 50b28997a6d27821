using System.Globalization;
using System.Text.Json;
using TwinCity.Importers.Geodesy;
using TwinCity.Models.Entities;
using TwinCity.Models.Storage;

namespace TwinCity.Importers.Layers;

/// <summary>
/// Writes a layer of line and point features as tiles: into the city's local frame, grouped into square
/// cells, one ribbon GLB per cell (<see cref="LayerGlbWriter"/>), and a 3D Tiles 1.1 tileset with the same
/// ENU→ECEF root transform as the buildings, all under <c>{prefix}/{layer}/</c> in the blob store.
/// </summary>
public static class LayerWriter
{
    /// <summary>Writes <paramref name="features"/> and returns the layer with each entity's tile and feature index.</summary>
    public static async Task<ImportedLayer> WriteAsync(
        LayerSpec spec, IReadOnlyList<NetworkFeature> features, LocalFrame frame, string licence, string attribution,
        IBlobStore blobs, string prefix, CancellationToken cancellationToken)
    {
        var local = features.Select(f => (Feature: f, Lines: f.Lines.Select(l => l.Select(p => frame.ToLocal(p.Longitude, p.Latitude)).ToArray()).ToArray())).ToList();
        var cells = local
            .GroupBy(f => Cell(f.Lines, spec.TileSizeMeters))
            .OrderBy(g => g.Key.Y).ThenBy(g => g.Key.X)
            .ToList();
        var tiles = new List<TileInfo>(cells.Count);
        var entities = new List<NetworkEntityInfo>(features.Count);
        var boxes = new List<(string Content, Box Box)>();
        foreach (var cell in cells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var members = cell.ToList();
            var name = string.Create(CultureInfo.InvariantCulture, $"t-{cell.Key.X}-{cell.Key.Y}");
            var tileId = $"{spec.Id}/{name}";
            var box = Box.Of(members.SelectMany(m => m.Lines.SelectMany(l => l)), members.Max(m => m.Feature.Width));
            var mesh = new RibbonMesh(box.CentreEast, box.CentreNorth, spec.Elevation);
            for (var i = 0; i < members.Count; i++)
            {
                foreach (var line in members[i].Lines)
                {
                    mesh.AddRibbon(line, members[i].Feature.Width, i);
                }
            }

            var content = $"tiles/{name}.glb";
            var glb = LayerGlbWriter.Write(tileId, spec.ClassName, mesh, [.. members.Select(m => m.Feature)]);
            await blobs.WriteAsync($"{prefix}/{spec.Id}/{content}", glb, cancellationToken);
            boxes.Add((content, box));
            tiles.Add(new TileInfo(tileId, box.MinEast, box.MinNorth, box.MaxEast, box.MaxNorth, spec.Elevation, members.Count, $"{spec.Id}/{content}", spec.Id));
            for (var i = 0; i < members.Count; i++)
            {
                var f = members[i].Feature;
                entities.Add(new NetworkEntityInfo(f.Id, f.Kind, f.Name, spec.Id, tileId, i, f.LengthMetres, f.Attributes, licence, attribution));
            }
        }

        await blobs.WriteAsync($"{prefix}/{spec.Id}/tileset.json", Tileset(frame, spec, boxes), cancellationToken);
        var info = new LayerInfo(spec.Id, spec.Name, $"/city/{spec.Id}/tileset.json", entities.Count);
        return new ImportedLayer(info, tiles, entities);
    }

    private static (long X, long Y) Cell((double East, double North)[][] lines, double size)
    {
        var box = Box.Of(lines.SelectMany(l => l), 0);
        return ((long)Math.Floor(box.CentreEast / size), (long)Math.Floor(box.CentreNorth / size));
    }

    private static byte[] Tileset(LocalFrame frame, LayerSpec spec, List<(string Content, Box Box)> tiles)
    {
        var all = tiles.Count == 0 ? new Box(0, 0, 0, 0) : new Box(tiles.Min(t => t.Box.MinEast), tiles.Min(t => t.Box.MinNorth), tiles.Max(t => t.Box.MaxEast), tiles.Max(t => t.Box.MaxNorth));
        var error = Math.Round(Math.Max(all.MaxEast - all.MinEast, all.MaxNorth - all.MinNorth) / 2, 1);
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
            Numbers(json, "transform", frame.EnuToEcefMatrix());
            WriteBox(json, all, spec.Elevation);
            json.WriteNumber("geometricError", error);
            json.WriteString("refine", "ADD");
            json.WriteStartArray("children");
            foreach (var (content, box) in tiles)
            {
                json.WriteStartObject();
                WriteBox(json, box, spec.Elevation);
                json.WriteNumber("geometricError", 0);
                json.WriteStartObject("content");
                json.WriteString("uri", content);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteBox(Utf8JsonWriter json, Box box, float elevation)
    {
        json.WriteStartObject("boundingVolume");
        var halfZ = Math.Max(elevation, 0.5);
        Numbers(json, "box",
        [
            box.CentreEast, box.CentreNorth, halfZ,
            Math.Max((box.MaxEast - box.MinEast) / 2, 0.5), 0, 0,
            0, Math.Max((box.MaxNorth - box.MinNorth) / 2, 0.5), 0,
            0, 0, halfZ,
        ]);
        json.WriteEndObject();
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(Math.Round(value, 6));
        }

        json.WriteEndArray();
    }

    private readonly record struct Box(double MinEast, double MinNorth, double MaxEast, double MaxNorth)
    {
        public double CentreEast => (MinEast + MaxEast) / 2;

        public double CentreNorth => (MinNorth + MaxNorth) / 2;

        /// <summary>The extent of <paramref name="points"/>, grown by half <paramref name="width"/> on every side.</summary>
        public static Box Of(IEnumerable<(double East, double North)> points, double width)
        {
            double minE = double.PositiveInfinity, minN = double.PositiveInfinity, maxE = double.NegativeInfinity, maxN = double.NegativeInfinity;
            foreach (var (e, n) in points)
            {
                (minE, maxE) = (Math.Min(minE, e), Math.Max(maxE, e));
                (minN, maxN) = (Math.Min(minN, n), Math.Max(maxN, n));
            }

            var h = width / 2;
            return new Box(minE - h, minN - h, maxE + h, maxN + h);
        }
    }
}
