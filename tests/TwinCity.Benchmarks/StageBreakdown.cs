using System.Diagnostics;
using System.Globalization;
using TwinCity.Importers.Buildings;
using TwinCity.Importers.Geodesy;
using TwinCity.Importers.Sources;
using TwinCity.Importers.Tiles;
using TwinCity.Models.Entities;

namespace TwinCity.Benchmarks;

/// <summary>
/// Where an import's time goes: each stage run alone, single-threaded, on the same buildings.
/// "reproject" finds each footprint's local envelope and area; the vertices are reprojected again
/// while meshing, so that time is in "triangulate+encode GLB".
/// </summary>
internal static class StageBreakdown
{
    public static void Run(IReadOnlyList<SourceBuilding> buildings)
    {
        var clock = Stopwatch.StartNew();
        var centre = buildings[0].Footprint.Centroid;
        var frame = new LocalFrame(new GeoOrigin(centre.Y, centre.X, 0));
        var local = new LocalFootprint[buildings.Count];
        for (var i = 0; i < local.Length; i++)
        {
            local[i] = new LocalFootprint(buildings[i].Footprint, frame);
        }

        var reproject = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var heights = new BuildingHeights(new HeightSettings());
        var imported = new ImportedBuilding[buildings.Count];
        for (var i = 0; i < imported.Length; i++)
        {
            imported[i] = new ImportedBuilding(buildings[i].Id, local[i], heights.Resolve(buildings[i].Tags), buildings[i].Tags);
        }

        var resolve = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var tiles = new CityTiler(new TilingSettings()).Plan(imported).Tiles;
        var plan = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var glbs = new ReadOnlyMemory<byte>[tiles.Count];
        for (var i = 0; i < glbs.Length; i++)
        {
            glbs[i] = TileMeshBuilder.Build(tiles[i]).Glb;
        }

        var mesh = clock.Elapsed.TotalSeconds;

        var folder = Directory.CreateTempSubdirectory("twincity-bench-");
        clock.Restart();
        var store = new TwinCity.Models.Storage.LocalFolderBlobStore(folder.FullName);
        for (var i = 0; i < glbs.Length; i++)
        {
            store.WriteAsync($"city/tiles/{i}.glb", glbs[i]).GetAwaiter().GetResult();
        }

        var write = clock.Elapsed.TotalSeconds;
        folder.Delete(recursive: true);
        var total = reproject + resolve + plan + mesh + write;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  stages, one thread: reproject {Share(reproject, total)}, heights {Share(resolve, total)}, tiling {Share(plan, total)}, triangulate+encode GLB {Share(mesh, total)}, write files {Share(write, total)} ({buildings.Count / total:0} buildings/s on one core, {tiles.Count} tiles)"));
    }

    private static string Share(double seconds, double total) => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.00} s ({seconds / total:P0})");
}
