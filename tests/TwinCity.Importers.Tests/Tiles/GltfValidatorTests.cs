using System.Text.Json;
using TwinCity.Importers.Sources;
using Xunit.Abstractions;

namespace TwinCity.Importers.Tests.Tiles;

/// <summary>
/// Every GLB we write, from every source format, passes the Khronos glTF Validator (npm
/// <c>gltf-validator</c>, installed with the viewer's dev dependencies) with zero errors.
/// </summary>
public sealed class GltfValidatorTests(ITestOutputHelper output)
{
    public static TheoryData<string> Sources =>
    [
        "osm/monaco-latest.osm.pbf",
        "derived/monaco-buildings.geojson",
        "derived/monaco.gpkg",
        "derived/monaco-buildings-utm32n/monaco_buildings_utm32n.shp",
        "cityjson/DenHaag_01.city.json",
        "cityjson/zurich_subset_lod2.city.json",
    ];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Every_tile_passes_the_Khronos_glTF_validator(string source)
    {
        using var blobs = new TempBlobFolder();
        var city = await new CityImporter(new CityImportSettings()).ImportAsync(DataFolder.GetPath(source), blobs.Store, "city");
        var files = city.Tiles.Select(t => Path.Combine(blobs.Root, "city", t.Content)).ToArray();

        var reports = await ValidateAsync(files);

        Assert.Equal(files.Length, reports.Count);
        foreach (var report in reports)
        {
            var errors = report.GetProperty("errors").GetInt32();
            Assert.True(errors == 0, $"{source} → {report.GetProperty("file")}: {errors} errors: {report.GetProperty("messages")}");
        }

        output.WriteLine($"{source}: {files.Length} tiles, 0 validator errors");
    }

    internal static async Task<List<JsonElement>> ValidateAsync(string[] files)
    {
        var viewer = Path.Combine(RepoRoot(), "web", "viewer");
        Assert.True(File.Exists(Path.Combine(viewer, "node_modules", "gltf-validator", "package.json")),
            "gltf-validator is not installed: run npm ci in web/viewer (building the web project does it)");
        var (exit, stdout, stderr) = await ProcessRun.RunAsync("node", [Path.Combine("scripts", "validate-gltf.mjs"), .. files], viewer);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 0, $"validate-gltf printed nothing; exit {exit}: {stderr}");
        return [.. lines.Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TwinCity.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No TwinCity.sln above {AppContext.BaseDirectory}");
    }
}
