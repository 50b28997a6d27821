using System.Diagnostics;
using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using TwinCity.Importers;
using TwinCity.Importers.Osm;
using TwinCity.Importers.Sources;
using TwinCity.Models.Entities;
using TwinCity.Models.Storage;

namespace TwinCity.Benchmarks;

/// <summary>
/// Import throughput end to end (read + reproject + heights + tile + triangulate + write GLB) on the
/// real Monaco extract, against reading alone as the in-run reference; then a city of N buildings made
/// by replicating Monaco's real footprints across a grid, with peak memory and bytes per building.
/// </summary>
internal static class ImportBenchmark
{
    private const int Runs = 5;

    public static async Task RunAsync(int replicatedBuildings)
    {
        var monaco = DataFolder.GetPath("osm/monaco-latest.osm.pbf");
        var importer = new CityImporter(new CityImportSettings());

        // Warm-up: JIT and file cache, not measured.
        OsmPbfReader.Read(monaco);
        await ImportOnceAsync(importer, monaco);

        var readTimes = new List<double>();
        var importTimes = new List<double>();
        ImportResult? last = null;
        for (var run = 0; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            var read = OsmPbfReader.Read(monaco);
            readTimes.Add(clock.Elapsed.TotalSeconds);
            last = await ImportOnceAsync(importer, monaco);
            importTimes.Add(last.Seconds);
            _ = read;
        }

        var count = last!.Buildings;
        var readMedian = Median(readTimes);
        var importMedian = Median(importTimes);
        Print($"Monaco ({count} buildings), median of {Runs}:");
        Print($"  read PBF only (reference)   {readMedian * 1000,8:0.0} ms  {count / readMedian,10:0} buildings/s");
        Print($"  full import, end to end     {importMedian * 1000,8:0.0} ms  {count / importMedian,10:0} buildings/s  ({importMedian / readMedian:0.0}x reading alone)");
        Print($"  tiles                       {last.TileBytes,8} B     {(double)last.TileBytes / count,10:0} bytes/building (LOD1, flat roofs)");
        Print($"  street and utility layers   {last.LayerBytes,8} B     {(double)last.LayerBytes / Math.Max(1, last.LayerEntities),10:0} bytes/element ({last.LayerEntities} segments, nodes and edges; included in the time above)");

        if (replicatedBuildings > 0)
        {
            await ReplicatedAsync(OsmPbfReader.Read(monaco), replicatedBuildings);
        }
    }

    private static async Task ReplicatedAsync(SourceReadResult monaco, int target)
    {
        var copies = (int)Math.Ceiling((double)target / monaco.Buildings.Count);
        var side = (int)Math.Ceiling(Math.Sqrt(copies));
        var extent = new Envelope();
        foreach (var b in monaco.Buildings)
        {
            extent.ExpandToInclude(b.Footprint.EnvelopeInternal);
        }

        var clock = Stopwatch.StartNew();
        var buildings = new List<SourceBuilding>(copies * monaco.Buildings.Count);
        for (var copy = 0; copy < copies && buildings.Count < target; copy++)
        {
            var dx = (copy % side) * extent.Width * 1.1;
            var dy = (copy / side) * extent.Height * 1.1;
            var shift = AffineTransformation.TranslationInstance(dx, dy);
            foreach (var b in monaco.Buildings)
            {
                if (buildings.Count == target)
                {
                    break;
                }

                buildings.Add(new SourceBuilding($"{b.Id}#{copy}", (MultiPolygon)shift.Transform(b.Footprint), b.Tags));
            }
        }

        var generate = clock.Elapsed.TotalSeconds;
        GC.Collect();
        var rssBefore = Process.GetCurrentProcess().WorkingSet64;
        var peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;
        var folder = Directory.CreateTempSubdirectory("twincity-bench-");
        try
        {
            clock.Restart();
            var format = SourceFormats.All[0];
            var stages = new StageClock();
            var city = await new CityImporter(new CityImportSettings { Progress = stages }).ImportAsync(
                new SourceReadResult(buildings, [], [], "WGS 84"), format, "replicated-monaco.osm.pbf", new LocalFolderBlobStore(folder.FullName), "city");
            var seconds = clock.Elapsed.TotalSeconds;
            var bytes = Directory.GetFiles(folder.FullName, "*.glb", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Print($"Replicated Monaco: {city.Buildings.Count} buildings in {city.Tiles.Count} tiles ({copies} copies of the real footprints):");
            Print($"  footprints generated in memory (not timed below) {generate:0.0} s, RSS holding them {rssBefore / 1e6:0} MB (peak so far {peakBefore / 1e6:0} MB)");
            Print($"  full import, end to end     {seconds,8:0.0} s   {city.Buildings.Count / seconds,10:0} buildings/s");
            Print($"  tiles                       {bytes / 1e6,8:0.0} MB    {(double)bytes / city.Buildings.Count,10:0} bytes/building");
            Print($"  peak RSS of the process     {peak / 1e6,8:0} MB");
            Print($"  stages in the pipeline: {stages}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        StageBreakdown.Run(buildings);
    }

    private static async Task<ImportResult> ImportOnceAsync(CityImporter importer, string path)
    {
        var folder = Directory.CreateTempSubdirectory("twincity-bench-");
        try
        {
            var clock = Stopwatch.StartNew();
            var city = await importer.ImportAsync(path, new LocalFolderBlobStore(folder.FullName), "city");
            var seconds = clock.Elapsed.TotalSeconds;
            // Building tiles only: the street and utility layers are counted on their own.
            long Bytes(IEnumerable<TileInfo> tiles) => tiles.Sum(t => new FileInfo(Path.Combine(folder.FullName, "city", t.Content)).Length);
            return new ImportResult(city.Buildings.Count, seconds, Bytes(city.Tiles), Bytes(city.Layers.SelectMany(l => l.Tiles)), city.Layers.Sum(l => l.Entities.Count));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    /// <summary>Seconds from one reported stage to the next, as the importer reports them.</summary>
    private sealed class StageClock : IProgress<ImportProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(string Stage, double At)> _starts = [];

        public void Report(ImportProgress value)
        {
            lock (_starts)
            {
                if (_starts.Count == 0 || _starts[^1].Stage != value.Stage)
                {
                    _starts.Add((value.Stage, _clock.Elapsed.TotalSeconds));
                }
            }
        }

        public override string ToString() => string.Join(", ", _starts.Zip(_starts.Skip(1), (a, b) => string.Create(CultureInfo.InvariantCulture, $"{a.Stage} {b.At - a.At:0.00} s")));
    }

    private sealed record ImportResult(int Buildings, double Seconds, long TileBytes, long LayerBytes, int LayerEntities);
}
