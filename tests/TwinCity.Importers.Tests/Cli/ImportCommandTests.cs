using System.Text.Json;
using TwinCity.Importers.Sources;

namespace TwinCity.Importers.Tests.Cli;

/// <summary>The command-line importer, run as a real process the way a planner runs it.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("twincity-cli-");

    public void Dispose() => _out.Delete(recursive: true);

    [Fact]
    public async Task Import_writes_a_tileset_and_prints_what_was_read_imported_repaired_and_skipped()
    {
        var (exit, stdout, _) = await RunAsync("import", DataFolder.GetPath("osm/monaco-latest.osm.pbf"), "--out", _out.FullName);

        Assert.Equal(0, exit);
        Assert.Matches(@"Monaco: \d+ features read, \d+ imported, \d+ repaired, \d+ skipped", stdout);
        Assert.Contains("skipped  monaco-latest.osm.pbf osm:relation/", stdout);
        Assert.True(File.Exists(Path.Combine(_out.FullName, "tileset", "tileset.json")));
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_out.FullName, "import-report.json")));
        Assert.Equal("ODbL-1.0", report.RootElement.GetProperty("Provenance").GetProperty("Licence").GetString());
        Assert.True(report.RootElement.GetProperty("Imported").GetInt32() > 1000);
    }

    [Fact]
    public async Task A_file_that_cannot_be_imported_exits_2_with_the_reason_and_writes_no_tiles()
    {
        var (exit, _, stderr) = await RunAsync("import", DataFolder.GetPath("derived/monaco.gpkg"), "--layer", "highways", "--out", _out.FullName);

        Assert.Equal(2, exit);
        Assert.Contains("monaco.gpkg: no buildings found", stderr);
        Assert.False(Directory.Exists(Path.Combine(_out.FullName, "tileset")));
    }

    [Fact]
    public async Task Wrong_arguments_print_the_usage_and_exit_1()
    {
        var (exit, _, stderr) = await RunAsync("import", "city.geojson", "--colour", "red");

        Assert.Equal(1, exit);
        Assert.Contains("usage: import <file>", stderr);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "TwinCity.Importers.dll"), .. args]);
}
