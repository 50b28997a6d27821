using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TwinCity.Importers.Errors;
using TwinCity.Models.Storage;

namespace TwinCity.Importers.Cli;

/// <summary>
/// <c>dotnet run --project importers -- import &lt;file&gt; [--layer L] [--crs EPSG:n] [--out DIR]
/// [--licence L] [--attribution A]</c>: imports a file into a folder holding a 3D Tiles 1.1 tileset
/// and an import report, with a progress bar and a summary of what was read, imported, repaired and skipped.
/// </summary>
public static class ImportCommand
{
    private const string Usage = """
        usage: import <file> [--layer <name>] [--crs EPSG:<code>] [--out <folder>] [--licence <id>] [--attribution <text>]
                     [--at lon,lat[,height]] [--heading <deg>] [--scale <m per unit>]
          <file>   .osm.pbf, .geojson, .gpkg, .shp, .city.json, or a .glb/.gltf landmark (with --at)
          --layer  GeoPackage layer (default: the only one, or "buildings")
          --crs    CRS of a file that carries none (a shapefile without .prj)
          --out    output folder (default: ./<city>-tiles); receives tileset.json, tiles/, import-report.json
        """;

    /// <summary>Entry point. Exit codes: 0 imported, 1 usage, 2 the file could not be imported.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "replay")
        {
            return await ReplayCommand.Main(args);
        }

        if (args.Length < 2 || args[0] != "import" || !TryParse(args[2..], out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 1;
        }

        var path = args[1];
        var output = Path.GetFullPath(options.GetValueOrDefault("--out") ?? $"{CityImporter.CityName(path).ToLowerInvariant().Replace(' ', '-')}-tiles");
        var progress = new ProgressBar(Console.IsErrorRedirected);
        var settings = new CityImportSettings
        {
            Layer = options.GetValueOrDefault("--layer"),
            Crs = options.GetValueOrDefault("--crs"),
            Licence = options.GetValueOrDefault("--licence"),
            Attribution = options.GetValueOrDefault("--attribution"),
            Placement = Sources.LandmarkPlacement.Parse(options.GetValueOrDefault("--at"), options.GetValueOrDefault("--heading"), options.GetValueOrDefault("--scale")),
            Progress = progress,
        };

        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(output);
        ImportedCity city;
        try
        {
            city = await new CityImporter(settings).ImportAsync(path, new LocalFolderBlobStore(output), "tileset");
        }
        catch (Exception ex) when (ex is ImportException or IOException or UnauthorizedAccessException)
        {
            progress.Clear();
            await Console.Error.WriteLineAsync($"import failed, nothing written: {ex.Message}");
            return 2;
        }

        progress.Clear();
        var report = city.Report;
        await File.WriteAllBytesAsync(Path.Combine(output, "import-report.json"), JsonSerializer.SerializeToUtf8Bytes(new
        {
            city.Name,
            city.Origin,
            city.Provenance,
            report.FeaturesRead,
            report.Imported,
            report.Repaired,
            report.Skipped,
            report.Warnings,
        }, new JsonSerializerOptions { WriteIndented = true }));

        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            {city.Name}: {report.FeaturesRead} features read, {report.Imported} imported, {report.Repaired.Count} repaired, {report.Skipped.Count} skipped, {report.Warnings.Count} warnings
            {city.Tiles.Count} tiles in {Path.Combine(output, "tileset")} ({seconds:0.00} s, {report.Imported / seconds:0} buildings/s)
            licence {city.Provenance.Licence}; report in {Path.Combine(output, "import-report.json")}
            """));
        foreach (var line in report.Skipped.Take(10).Select(s => "skipped  " + s).Concat(report.Repaired.Take(10).Select(r => "repaired " + r)))
        {
            Console.WriteLine(line);
        }

        return 0;
    }

    private static bool TryParse(string[] args, out Dictionary<string, string> options)
    {
        options = [];
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !args[i].StartsWith("--", StringComparison.Ordinal)
                || args[i] is not ("--layer" or "--crs" or "--out" or "--licence" or "--attribution" or "--at" or "--heading" or "--scale"))
            {
                return false;
            }

            options[args[i]] = args[i + 1];
        }

        return true;
    }

    /// <summary>One line on stderr, redrawn in place; silent when stderr is not a terminal.</summary>
    private sealed class ProgressBar(bool redirected) : IProgress<ImportProgress>
    {
        private readonly Lock _lock = new();

        public void Report(ImportProgress value)
        {
            if (redirected)
            {
                return;
            }

            lock (_lock)
            {
                var fraction = value.Total > 0 ? (double)value.Done / value.Total : 0;
                var filled = (int)(fraction * 30);
                Console.Error.Write($"\r[{new string('#', filled)}{new string(' ', 30 - filled)}] {value.Stage,-8} {value.Done}/{value.Total}   ");
            }
        }

        public void Clear()
        {
            if (!redirected)
            {
                Console.Error.Write("\r" + new string(' ', 60) + "\r");
            }
        }
    }
}
