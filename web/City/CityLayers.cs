using TwinCity.Importers;
using TwinCity.Importers.Layers;
using TwinCity.Models.Entities;
using TwinCity.Models.Grains;
using TwinCity.Models.Metrics;

namespace TwinCity.Web.City;

/// <summary>
/// The street and utility layers of an imported city on their way into the twin: one tile grain per
/// layer tile and one <see cref="INetworkEntityGrain"/> per segment, node and edge, and the layer list
/// of the catalogue.
/// </summary>
public static class CityLayers
{
    /// <summary>
    /// Initialises each layer tile's grain and fills its catalogue of entity descriptions. The entity grains
    /// themselves are not touched: each reads its description from its tile's catalogue when first used.
    /// </summary>
    public static async Task InitializeGrainsAsync(IGrainFactory grains, ImportedCity city, int parallelism, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        var byTile = city.Layers.SelectMany(l => l.Entities).GroupBy(e => e.TileId).ToDictionary(g => g.Key, g => g.OrderBy(e => e.FeatureIndex).ToArray());
        await Parallel.ForEachAsync(city.Layers.SelectMany(l => l.Tiles), parallel, async (tile, _) =>
        {
            var entities = byTile.GetValueOrDefault(tile.Id, []);
            await grains.GetGrain<ITileGrain>(tile.Id).InitializeAsync([.. entities.Select(e => e.Id)], MetricCatalog.Buildings.Count);
            await grains.GetGrain<ILayerTileCatalogGrain>(tile.Id).SetEntitiesAsync(entities);
        });
    }

    /// <summary>Each street and utility entity's id with its tile, for the catalogue.</summary>
    public static Dictionary<string, string> EntityTiles(ImportedCity city) =>
        city.Layers.SelectMany(l => l.Entities).ToDictionary(e => e.Id, e => e.TileId, StringComparer.Ordinal);

    /// <summary>
    /// Registers the sensors a known source comes with (one Stadt Köln traffic sensor per Cologne segment), replacing
    /// that operator's entries, so loading another city retires them.
    /// </summary>
    public static async Task RegisterSensorsAsync(IGrainFactory grains, ImportedCity city) =>
        await grains.GetGrain<ISensorRegistryGrain>(ISensorRegistryGrain.DefaultKey).ReplaceOperatorAsync(
            KoelnTraffic.Operator, KoelnTraffic.Sensors(city.Layers.SelectMany(l => l.Entities).Select(e => e.Id)));

    /// <summary>The catalogue's layer list: buildings (when the city has any), then the imported layers.</summary>
    public static List<LayerInfo> Of(ImportedCity city)
    {
        var layers = new List<LayerInfo>();
        if (city.Buildings.Count > 0)
        {
            layers.Add(new LayerInfo(LayerIds.Buildings, "Buildings", "/city/tileset.json", city.Buildings.Count));
        }

        layers.AddRange(city.Layers.Select(l => l.Info));
        return layers;
    }

    /// <summary>", 812 street segments, 23 utility elements" for the status line; empty without layers.</summary>
    public static string Describe(ImportedCity city) =>
        string.Concat(city.Layers.Select(l => $", {l.Info.FeatureCount} {l.Info.Name.ToLowerInvariant()} features in {l.Tiles.Count} tiles"));
}
